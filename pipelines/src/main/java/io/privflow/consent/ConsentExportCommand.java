package io.privflow.consent;

import io.privflow.job.RunnerChoice;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code privflow consent-export --request FILE}: per-subject locations, only under valid consent. */
@Command(name = "consent-export", mixinStandardHelpOptions = true,
    description = "Export per-subject locations of subjects with valid consent for the request's purpose; audited.")
public final class ConsentExportCommand implements Callable<Integer> {
  @Option(names = "--request", required = true, description = "YAML consent-export request.")
  Path request;

  @picocli.CommandLine.Mixin io.privflow.cli.PolicyOption policyOption = new io.privflow.cli.PolicyOption();

  @Option(names = "--runner", defaultValue = "flink",
      description = "flink (embedded, the default), spark or direct (Beam's testing runner).")
  String runner;

  @Option(names = "--master",
      description = "Flink: [local] (default) or host:port of a JobManager. Spark: local[N] (default) or spark://host:port.")
  String master;

  @Option(names = "--parallelism", description = "Worker threads (default: the number of cores).")
  Integer parallelism;

  @Override
  public Integer call() throws Exception {
    var p = policyOption.load();
    RunnerChoice choice = RunnerChoice.valueOf(runner.strip().toUpperCase(Locale.ROOT));
    int threads = parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
    new ConsentExportRun(System.out, Clock.systemUTC()).execute(request, p, choice.options(threads, master));
    return 0;
  }
}
