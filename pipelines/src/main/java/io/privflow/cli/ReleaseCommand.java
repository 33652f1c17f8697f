package io.privflow.cli;

import io.privflow.engine.RunnerSession;
import io.privflow.plan.ReleasePlan;
import io.privflow.release.ReleaseRun;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code privflow release --request FILE}: one differentially private OD release. */
@Command(name = "release", mixinStandardHelpOptions = true,
    description = "Run a release request and publish its noisy aggregates.")
public final class ReleaseCommand implements Callable<Integer> {
  @Option(names = "--request", required = true, description = "YAML release request.")
  Path request;

  @picocli.CommandLine.Mixin RunnerOption runnerOption = new RunnerOption();

  @picocli.CommandLine.Mixin PolicyOption policyOption = new PolicyOption();

  @Override
  public Integer call() throws Exception {
    ReleaseRequest req = RequestParser.parse(request);
    var policy = policyOption.load();
    ReleaseRun run = new ReleaseRun(System.out, Clock.systemUTC(), policy);
    ReleasePlan plan = run.plan(req);
    ReleaseRun.Outcome o;
    try (RunnerSession runner = runnerOption.open()) {
      o = run.execute(plan, runner.options());
    }
    if (o.rerun()) {
      System.out.printf("privflow: %s holds the committed release of %s%n", req.outputDirectory(), req.requestId());
      return 0;
    }
    if (plan.levels() != null) {
      // Cells per level are in release.json; the outcome counts a metric's cells over its levels.
      System.out.printf("privflow: consistent tables at levels %s and %s (release.json: cells per level)%n",
          req.regions().hierarchy().fine().name(), req.regions().hierarchy().coarse().name());
    }
    for (var m : plan.metrics()) {
      if (m.level() != null && m != plan.levelsOf(m.metric()).get(0)) {
        continue;
      }
      long released = o.releasedCells().get(m.metric());
      if (m.metric().isTotal()) {
        System.out.printf("privflow: %s: %,d window totals released (no threshold)%n", m.metric().label(), released);
        continue;
      }
      if (m.level() != null) {
        long domain = plan.levelsOf(m.metric()).stream().mapToLong(x -> x.domain().size()).sum();
        System.out.printf("privflow: %s: %,d of %,d cells released over both levels%n", m.metric().label(), released,
            domain);
        continue;
      }
      System.out.printf("privflow: %s: %,d of %,d cells released (noisy count >= %d), %,d suppressed%n",
          m.metric().label(), released, m.domain().size(), m.threshold().value(), m.domain().size() - released);
    }
    System.out.printf("privflow: published %s%n", req.outputDirectory());
    System.out.printf("privflow: custodian-only files (rejected records, run summary): %s%n", plan.custodianDirectory());
    return 0;
  }
}
