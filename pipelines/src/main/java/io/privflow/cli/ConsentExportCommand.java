package io.privflow.cli;

import io.privflow.consent.ConsentExportRun;
import java.nio.file.Path;
import java.time.Clock;
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

  @picocli.CommandLine.Mixin io.privflow.cli.RunnerOption runnerOption = new io.privflow.cli.RunnerOption();

  @Override
  public Integer call() throws Exception {
    var p = policyOption.load();
    try (var runner = runnerOption.open()) {
      new ConsentExportRun(System.out, Clock.systemUTC()).execute(request, p, runner.options());
    }
    return 0;
  }
}
