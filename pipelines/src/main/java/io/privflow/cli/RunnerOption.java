package io.privflow.cli;

import io.privflow.engine.RunnerChoice;
import io.privflow.engine.RunnerSession;
import org.apache.beam.sdk.options.PipelineOptions;
import picocli.CommandLine.Option;

/** The runner options shared by every command that runs a pipeline. */
public final class RunnerOption {
  @Option(names = "--runner", defaultValue = "flink",
      description = "flink (embedded, the default), spark (local[N] or a cluster) or direct (Beam's testing runner).")
  RunnerChoice runner;

  @Option(names = "--master",
      description = "Flink: [local] (default) or host:port of a JobManager. Spark: local[N] (default) or spark://host:port.")
  String master;

  @Option(names = "--parallelism", description = "Worker threads (default: the number of cores).")
  Integer parallelism;

  /** Pipeline options for the chosen runner. */
  public PipelineOptions options() {
    return runner.options(threads(), master);
  }

  /** The chosen runner, opened for one command (embedded Flink starts its cluster now). */
  public RunnerSession open() {
    return runner.open(threads(), master);
  }

  private int threads() {
    return parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
  }
}
