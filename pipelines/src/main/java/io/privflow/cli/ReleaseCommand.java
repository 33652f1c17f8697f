package io.privflow.cli;

import io.privflow.job.ReleasePlan;
import io.privflow.job.ReleaseRun;
import io.privflow.job.RunnerChoice;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code privflow release --request FILE}: one differentially private OD release. */
@Command(name = "release", mixinStandardHelpOptions = true,
    description = "Run a release request and publish its noisy aggregates.")
public final class ReleaseCommand implements Callable<Integer> {
  @Option(names = "--request", required = true, description = "YAML release request.")
  Path request;

  @Option(names = "--runner", defaultValue = "flink",
      description = "flink (embedded, the default), spark (local[N] or a cluster) or direct (Beam's testing runner).")
  String runner;

  @Option(names = "--master",
      description = "Flink: [local] (default) or host:port of a JobManager. Spark: local[N] (default) or spark://host:port.")
  String master;

  @Option(names = "--parallelism", description = "Worker threads (default: the number of cores).")
  Integer parallelism;

  @picocli.CommandLine.Mixin PolicyOption policyOption = new PolicyOption();

  @Override
  public Integer call() throws Exception {
    ReleaseRequest req = RequestParser.parse(request);
    var policy = policyOption.load();
    RunnerChoice choice = RunnerChoice.valueOf(runner.strip().toUpperCase(java.util.Locale.ROOT));
    int threads = parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
    ReleaseRun run = new ReleaseRun(System.out);
    ReleasePlan plan = run.plan(req);
    ReleaseRun.Outcome o = run.execute(plan, choice.options(threads, master), policy);
    if (o.rerun()) {
      System.out.printf("privflow: %s holds the committed release of %s%n", req.outputDirectory(), req.requestId());
      return 0;
    }
    for (var m : plan.metrics()) {
      long released = o.releasedCells().get(m.metric());
      System.out.printf("privflow: %s: %,d of %,d cells released (noisy count >= %d), %,d suppressed%n",
          m.metric().label(), released, m.domain().size(), req.privacy().minCount(), m.domain().size() - released);
    }
    System.out.printf("privflow: published %s%n", req.outputDirectory());
    System.out.printf("privflow: custodian-only files (rejected records, run summary): %s%n", req.custodianDirectory());
    return 0;
  }
}
