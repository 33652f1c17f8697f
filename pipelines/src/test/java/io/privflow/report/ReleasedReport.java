package io.privflow.report;

import io.privflow.engine.RunnerChoice;
import io.privflow.policy.Policy;
import io.privflow.release.ReleaseRun;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two real (calibrated-noise) releases of the tiny input under one policy, made once for the report
 * tests: the second one's report shows the first one's spend. Kept under pipelines/target so the
 * browser test's screenshot can be looked at afterwards.
 */
final class ReleasedReport {
  static final Path DIR = Fixtures.projectRoot().resolve("pipelines/target/report-test");
  private static ReleasedReport made;

  final Policy policy;
  final ReleaseRequest first;
  final ReleaseRequest second;

  private ReleasedReport(Policy policy, ReleaseRequest first, ReleaseRequest second) {
    this.policy = policy;
    this.first = first;
    this.second = second;
  }

  static synchronized ReleasedReport get() throws Exception {
    if (made == null) {
      if (Files.exists(DIR)) {
        try (var s = Files.walk(DIR)) {
          s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      Files.createDirectories(DIR);
      Policy policy = Fixtures.policy(DIR, "pure_dp", "4");
      ReleaseRequest a = request("r1", "1.0", "Testing privflow");
      ReleaseRequest b = request("r2", "0.5", "Mobility <b>&</b> \"health\" <script>alert(1)</script>");
      ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy);
      run.execute(run.plan(a), RunnerChoice.DIRECT.options(2, null));
      run.execute(run.plan(b), RunnerChoice.DIRECT.options(2, null));
      made = new ReleasedReport(policy, a, b);
    }
    return made;
  }

  private static ReleaseRequest request(String id, String epsilon, String purpose) throws Exception {
    Path sub = Files.createDirectories(DIR.resolve("req-" + id));
    RequestYaml yaml = RequestYaml.tiny().requestId(id).epsilon(epsilon).purpose(purpose)
        .output(DIR.resolve("release-" + id));
    return RequestParser.parse(yaml.write(sub));
  }
}
