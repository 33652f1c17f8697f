package io.privflow.release;

import io.privflow.engine.RunnerChoice;
import io.privflow.policy.Policy;
import io.privflow.policy.PolicyParser;
import io.privflow.request.RequestParser;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * TEST ONLY, run in a child JVM by {@link LedgerFailureTest}: a real release that fails after its
 * pipeline drew the noise, in one of two ways, and then ends (its reservation can only be settled
 * by a later run once this process is gone).
 *
 * <ul>
 *   <li>{@code ledger-down}: the ledger's database refuses every new connection from then on (H2's
 *       exclusive mode, held by this process), so the run fails at its next ledger step and cannot
 *       give its reservation back either;
 *   <li>{@code work-stuck}: the run fails and its work directory cannot be destroyed.
 * </ul>
 *
 * <p>Prints the run's output, then {@code FAILED <message>}. Arguments: policy file, request file, mode.
 */
public final class FailingRelease {
  private static Connection exclusive;

  private FailingRelease() {}

  public static void main(String[] args) throws Exception {
    Policy policy = PolicyParser.parse(Path.of(args[0]));
    String mode = args[2];
    PrintStream out = new PrintStream(System.out, true);
    ReleaseRun run = new ReleaseRun(out, policy).withPhases(p -> {
      if (p != ReleaseRun.Phase.NOISE_DRAWN) {
        return;
      }
      if (mode.equals("ledger-down")) {
        try {
          exclusive = DriverManager.getConnection(policy.jdbcUrl());
          try (Statement s = exclusive.createStatement()) {
            s.execute("SET EXCLUSIVE 1");
          }
        } catch (SQLException e) {
          throw new IllegalStateException("the test could not take the database", e);
        }
      } else {
        throw new IllegalStateException("injected failure after the noise was drawn");
      }
    });
    if (mode.equals("work-stuck")) {
      run.withWorkDestroyer(work -> false);
    }
    try {
      run.execute(run.plan(RequestParser.parse(Path.of(args[1]))), RunnerChoice.DIRECT.options(2, null));
      out.println("FINISHED");
    } catch (Exception e) {
      out.println("FAILED " + e.getMessage());
      System.exit(3);
    }
  }
}
