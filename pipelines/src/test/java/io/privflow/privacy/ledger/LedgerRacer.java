package io.privflow.privacy.ledger;

import io.privflow.policy.PolicyParser;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * TEST ONLY, run in a child JVM by {@link SharedLedgerRaceTest}: one host of a shared ledger. It
 * opens the ledger of the policy named by its first argument, prints {@code READY}, then for each
 * line {@code <round> <period>} read from stdin tries to reserve 0.6 of {@code period} under its
 * own request id and prints {@code <round> WON|REFUSED <start-micros> <end-micros>} (or
 * {@code ERROR} with the exception's class), so the parent can check who won and whether the two
 * attempts overlapped in time.
 */
public final class LedgerRacer {
  private LedgerRacer() {}

  public static void main(String[] args) throws Exception {
    BudgetLedger ledger = BudgetLedger.open(PolicyParser.parse(Path.of(args[0])));
    String name = args[1];
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("READY");
    System.out.flush();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] round = line.split(" ");
      long start = micros();
      String outcome;
      try {
        ledger.reserve(BudgetLedgerTest.entry(name + "-" + round[0], "0.6", round[1]), BudgetLedgerTest.TOTAL);
        outcome = "WON";
      } catch (BudgetExceededException e) {
        outcome = "REFUSED";
      } catch (RuntimeException e) {
        outcome = "ERROR " + e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      System.out.println(round[0] + " " + outcome.replace('\n', ' ') + " " + start + " " + micros());
      System.out.flush();
    }
  }

  private static long micros() {
    java.time.Instant t = java.time.Instant.now();
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
  }
}
