package io.privflow.cli;

import io.privflow.engine.RunnerChoice;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
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
    int threads = parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
    return runner.options(threads, master);
  }

  /**
   * The options, made on a background thread while the caller parses, plans and opens the ledger:
   * Beam's first options object reflects over every registered options interface, about a quarter
   * of a small release's CPU time in the profile (docs/benchmarks.md). {@link Supplier#get} gives
   * the options, or throws what making them threw.
   */
  public Supplier<PipelineOptions> optionsInBackground() {
    FutureTask<PipelineOptions> task = new FutureTask<>(this::options);
    Thread t = new Thread(task, "privflow-runner-options");
    t.setDaemon(true);
    t.start();
    return () -> {
      try {
        return task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while making the runner's options", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      }
    };
  }
}
