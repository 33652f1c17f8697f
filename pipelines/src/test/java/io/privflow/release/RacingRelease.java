package io.privflow.release;

import io.privflow.cli.Privflow;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TEST ONLY, run in a child JVM by {@link ConcurrentRunsTest}: prints {@code READY}, waits until the
 * file named by its first argument exists, then runs the privflow command line with the remaining
 * arguments, so that several processes start their runs at the same moment.
 */
public final class RacingRelease {
  private RacingRelease() {}

  public static void main(String[] args) throws Exception {
    Path go = Path.of(args[0]);
    System.out.println("READY");
    System.out.flush();
    while (!Files.exists(go)) {
      Thread.sleep(5);
    }
    String[] command = java.util.Arrays.copyOfRange(args, 1, args.length);
    System.exit(Privflow.run(command));
  }
}
