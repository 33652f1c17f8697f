package io.privflow.testing;

import io.privflow.engine.RunnerChoice;
import io.privflow.policy.PolicyParser;
import io.privflow.release.ReleaseRun;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import java.nio.file.Path;
import java.util.Locale;

/**
 * TEST ONLY: a whole release with the zero-noise mechanism, for {@code privflow-tools bench} to
 * check its answer against the plain-Java reference. It lives in the test tree (the pipelines
 * test-jar), so neither the release jar nor its CLI can reach it; the bench runs it in a child JVM
 * with the test-jar on the class path. Arguments: policy file, request file, runner, parallelism.
 */
public final class ZeroNoiseRelease {
  private ZeroNoiseRelease() {}

  public static void main(String[] args) throws Exception {
    ReleaseRequest request = RequestParser.parse(Path.of(args[1]));
    ReleaseRun run = new ReleaseRun(System.out, PolicyParser.parse(Path.of(args[0])));
    RunnerChoice runner = RunnerChoice.valueOf(args[2].toUpperCase(Locale.ROOT));
    run.execute(run.plan(request, ZeroNoise.factory()), runner.options(Integer.parseInt(args[3]), null));
    System.out.println("privflow: zero-noise release published " + request.outputDirectory());
    System.exit(0); // embedded runners may leave non-daemon threads behind
  }
}
