package io.privflow.job;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The runners privflow can use. {@link #FLINK} with master {@code [local]} is the default: Beam's
 * Flink runner embedded in the privflow process, no cluster to install. {@link #DIRECT} is Beam's
 * testing runner: it checks coders and immutability but is an order of magnitude slower.
 */
public enum RunnerChoice {
  FLINK,
  DIRECT;

  /**
   * @param master Flink master address ({@code [local]} for embedded, {@code host:port} for a
   *     cluster); ignored by the DirectRunner
   */
  public PipelineOptions options(int parallelism, String master) {
    return switch (this) {
      case DIRECT -> {
        DirectOptions o = PipelineOptionsFactory.as(DirectOptions.class);
        o.setRunner(DirectRunner.class);
        o.setTargetParallelism(parallelism);
        o.setBlockOnRun(true);
        yield o;
      }
      case FLINK -> {
        FlinkPipelineOptions o = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
        o.setRunner(FlinkRunner.class);
        o.setFlinkMaster(master == null ? "[local]" : master);
        o.setParallelism(parallelism);
        o.setObjectReuse(false);
        o.setFasterCopy(true); // our coders are deterministic; skip Flink's defensive copies
        yield o;
      }
    };
  }
}
