package io.privflow.engine;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The runners privflow can use. {@link #FLINK} with master {@code [local]} is the default: Beam's
 * Flink runner embedded in the privflow process, no cluster to install (chosen by measurement, see
 * docs/benchmarks.md). {@link #SPARK} runs on Spark {@code local[N]} or a Spark master.
 * {@link #DIRECT} is Beam's testing runner: it checks coders and immutability but is an order of
 * magnitude slower.
 */
public enum RunnerChoice {
  FLINK,
  SPARK,
  DIRECT;

  /**
   * Opens the runner for one command: with embedded Flink ({@code [local]}, the default) the
   * cluster starts now, on its own thread, while the command goes on to open the ledger and build
   * the pipeline (see {@link EmbeddedFlink}; a session opened while another is open gets no early
   * cluster).
   */
  public RunnerSession open(int parallelism, String master) {
    if (this == FLINK && (master == null || master.equals("[local]"))) {
      return new RunnerSession(options(parallelism, EmbeddedFlink.master()), EmbeddedFlink.start(parallelism));
    }
    return new RunnerSession(options(parallelism, master), null);
  }

  /**
   * @param master Flink master ({@code [local]} embedded, or {@code host:port}) or Spark master
   *     ({@code local[N]} by default, or {@code spark://host:port}); ignored by the DirectRunner
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
        String flinkMaster = master == null ? "[local]" : master;
        o.setFlinkMaster(flinkMaster);
        o.setParallelism(parallelism);
        if (!flinkMaster.matches("\\[(local|auto|collection)\\]")) {
          // On a cluster, submit and follow the job from here: run() returns at once, the job's
          // status is polled every second and its metrics (the progress line's records read) are
          // the JobManager's, gathered from the TaskManagers.
          o.setAttachedMode(false);
          o.setJobCheckIntervalInSecs(1);
        }
        // privflow's DoFns never mutate their inputs (Beam's model forbids it, and the DirectRunner
        // tests check it), so chained Flink operators may hand objects on without copying them.
        o.setObjectReuse(true);
        o.setFasterCopy(true);
        yield o;
      }
      case SPARK -> {
        SparkPipelineOptions o = PipelineOptionsFactory.as(SparkPipelineOptions.class);
        o.setRunner(SparkRunner.class);
        o.setSparkMaster(master == null || master.equals("[local]") ? "local[" + parallelism + "]" : master);
        o.setEnableSparkMetricSinks(false);
        yield o;
      }
    };
  }
}
