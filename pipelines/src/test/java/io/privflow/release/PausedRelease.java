package io.privflow.release;

import io.privflow.engine.RunnerChoice;
import io.privflow.policy.PolicyParser;
import io.privflow.request.RequestParser;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * TEST ONLY, run in a child JVM by {@link KilledRunTest}: a real release that stops at one phase,
 * prints {@code PAUSED <phase>} and waits there to be killed with SIGKILL. Nothing in the release
 * path knows about it: it only listens to the phases every run reports.
 *
 * <p>Arguments: policy file, request file, phase name.
 */
public final class PausedRelease {
  private PausedRelease() {}

  public static void main(String[] args) throws Exception {
    ReleaseRun.Phase stop = ReleaseRun.Phase.valueOf(args[2]);
    PrintStream out = new PrintStream(System.out, true);
    ReleaseRun run = new ReleaseRun(out, PolicyParser.parse(Path.of(args[0]))).withPhases(p -> {
      if (p == stop) {
        out.println("PAUSED " + p);
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    run.execute(run.plan(RequestParser.parse(Path.of(args[1]))), RunnerChoice.DIRECT.options(2, null));
    out.println("FINISHED");
  }
}
