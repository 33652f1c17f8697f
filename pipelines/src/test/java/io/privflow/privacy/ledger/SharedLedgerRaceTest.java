package io.privflow.privacy.ledger;

import static io.privflow.privacy.ledger.BudgetLedgerTest.entry;
import static io.privflow.privacy.ledger.BudgetLedgerTest.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.policy.Policy;
import io.privflow.policy.PolicyParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.LedgerDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts sharing one ledger on PostgreSQL: two separate processes, each with its own state
 * directory (its own anchor) and the custodian's shared ledger key, race for the last 0.6 of a
 * period whose budget of 1.0 already holds 0.4, round after round. Exactly one wins every round,
 * and the ledger holds exactly one reservation per period. The processes get each round's line at
 * the same moment; the test also counts the rounds whose two attempts overlapped in time, to show
 * that the lock, not luck, decided them.
 */
class SharedLedgerRaceTest {
  static final int ROUNDS = 40;
  @TempDir Path dir;

  /** A host's policy: its own state directory, the shared ledger key and the shared database. */
  private Policy host(String name, String url) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    Policy p = Fixtures.policy(d);
    Files.writeString(p.file(), "ledger_key_file: ../ledger.key\nledger_jdbc_url: " + url + "\n",
        StandardOpenOption.APPEND);
    return PolicyParser.parse(p.file());
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void twoProcessesRacingForTheLastPartOfAPeriodExactlyOneWinsEveryRound() throws Exception {
    String url = LedgerDatabase.freshSchemaUrl();
    Policy custodian = host("custodian", url);
    BudgetLedger ledger = BudgetLedger.open(custodian); // makes the tables and the shared ledger key
    List<Process> hosts = new ArrayList<>();
    List<BufferedReader> answers = new ArrayList<>();
    try {
      for (String name : List.of("a", "b")) {
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
            "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), LedgerRacer.class.getName(),
            host(name, url).file().toString(), name).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        hosts.add(p);
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("READY", r.readLine());
        answers.add(r);
      }
      int overlapping = 0;
      for (int round = 0; round < ROUNDS; round++) {
        String period = String.format("p%03d", round);
        publish(ledger, entry("base-" + round, "0.4", period));
        byte[] go = (round + " " + period + "\n").getBytes(StandardCharsets.UTF_8);
        for (Process p : hosts) { // both lines are written before either is read back
          OutputStream o = p.getOutputStream();
          o.write(go);
          o.flush();
        }
        String[] a = answers.get(0).readLine().split(" ");
        String[] b = answers.get(1).readLine().split(" ");
        String both = String.join(" ", a) + " | " + String.join(" ", b);
        assertTrue(!a[1].equals("ERROR") && !b[1].equals("ERROR"), both);
        assertEquals(1, (a[1].equals("WON") ? 1 : 0) + (b[1].equals("WON") ? 1 : 0), "round " + round + ": " + both);
        long aStart = Long.parseLong(a[2]);
        long aEnd = Long.parseLong(a[3]);
        long bStart = Long.parseLong(b[2]);
        long bEnd = Long.parseLong(b[3]);
        if (aStart < bEnd && bStart < aEnd) {
          overlapping++;
        }
      }
      for (PeriodBalance p : ledger.balances("ds")) {
        assertEquals(0, new BigDecimal("0.4").compareTo(p.committed()), p.toString());
        assertEquals(0, new BigDecimal("0.6").compareTo(p.reserved()), p.toString());
      }
      assertEquals(ROUNDS, ledger.balances("ds").size());
      assertTrue(overlapping > 0, "no round had the two attempts in flight at once");
      System.out.printf("SharedLedgerRaceTest: %d rounds, %d with both attempts in flight at once%n", ROUNDS,
          overlapping);
    } finally {
      for (Process p : hosts) {
        p.getOutputStream().close();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }
}
