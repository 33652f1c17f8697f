package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.policy.Policy;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.privacy.ledger.LedgerEntry;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two privflow processes started at the same moment against one embedded ledger: the second used
 * to die with H2's "locked by another process" although the budget covered both. Now they queue:
 * both publish when the budget covers both, and when it covers one, the other is refused on budget
 * with the ledger's message, never with a database error.
 */
class ConcurrentRunsTest {
  @TempDir Path dir;

  private record Result(int code, String output) {}

  private List<Result> race(Policy policy, List<Path> requests) throws Exception {
    Path go = dir.resolve("go");
    List<Process> children = new ArrayList<>();
    for (Path request : requests) {
      children.add(new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
          "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), RacingRelease.class.getName(),
          go.toString(), "release", "--policy", policy.file().toString(), "--request", request.toString(),
          "--runner", "direct").redirectErrorStream(true).start());
    }
    List<BufferedReader> outs = new ArrayList<>();
    for (Process c : children) {
      BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("READY", r.readLine());
      outs.add(r);
    }
    Files.writeString(go, "go");
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      StringBuilder text = new StringBuilder();
      for (String line = outs.get(i).readLine(); line != null; line = outs.get(i).readLine()) {
        text.append(line).append('\n');
      }
      assertTrue(children.get(i).waitFor(120, TimeUnit.SECONDS));
      results.add(new Result(children.get(i).exitValue(), text.toString()));
    }
    return results;
  }

  private List<Path> twoRequests() throws Exception {
    Path a = RequestYaml.tiny().requestId("first").output(dir.resolve("out-a")).write(Files.createDirectories(dir.resolve("a")));
    Path b = RequestYaml.tiny().requestId("second").output(dir.resolve("out-b")).write(Files.createDirectories(dir.resolve("b")));
    return List.of(a, b);
  }

  @Test
  void twoProcessesStartedTogetherBothPublishWhenTheBudgetCoversBoth() throws Exception {
    Policy policy = Fixtures.policy(dir, "pure_dp", "2");
    List<Result> results = race(policy, twoRequests());
    for (Result r : results) {
      assertEquals(0, r.code(), r.output());
      assertTrue(!r.output().contains("locked") && !r.output().contains("in use"), r.output());
    }
    BudgetLedger ledger = BudgetLedger.open(policy);
    assertEquals(LedgerEntry.Status.COMMITTED, ledger.find("first").orElseThrow().status());
    assertEquals(LedgerEntry.Status.COMMITTED, ledger.find("second").orElseThrow().status());
  }

  @Test
  void whenTheBudgetCoversOneTheOtherIsRefusedOnBudget() throws Exception {
    Policy policy = Fixtures.policy(dir, "pure_dp", "1");
    List<Result> results = race(policy, twoRequests());
    long published = results.stream().filter(r -> r.code() == 0).count();
    assertEquals(1, published, results.toString());
    Result refused = results.stream().filter(r -> r.code() != 0).findFirst().orElseThrow();
    assertTrue(refused.output().contains("refused before reading any data"), refused.output());
  }
}
