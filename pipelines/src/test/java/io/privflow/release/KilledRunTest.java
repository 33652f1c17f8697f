package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.engine.RunnerChoice;
import io.privflow.policy.Policy;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.privacy.ledger.LedgerEntry;
import io.privflow.privacy.ledger.PeriodBalance;
import io.privflow.publish.Manifest;
import io.privflow.publish.ReleaseFailedException;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A release killed with SIGKILL (a separate JVM: no finally block, no shutdown hook runs) at every
 * phase boundary of a run, then run again. The noise of a request is drawn once: a run killed before
 * it could draw noise is given back; one killed after it may have drawn noise is charged and its
 * request id is spent (its noisy values, in its owner-only work directory, may have outlived it);
 * one killed after its commit is published on the re-run from the custodian's copy. Whatever the
 * phase, nothing but a committed release is ever published, and the work directory is owner-only.
 */
class KilledRunTest {
  private static final BigDecimal COST = BigDecimal.ONE;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(ReleaseRun.Phase.class)
  void killedAt(ReleaseRun.Phase phase) throws Exception {
    Policy policy = Fixtures.policy(dir);
    Path request = RequestYaml.tiny().write(dir);
    ReleaseRequest r = RequestParser.parse(request);
    Process child = start(policy, request, phase);
    try {
      waitForPause(child, phase);
      Path work = workDirectory();
      if (phase.compareTo(ReleaseRun.Phase.COMMITTED) < 0) {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(work)),
            "the work directory (noisy values from " + ReleaseRun.Phase.NOISE_DRAWN + " on) is owner-only");
      }
    } finally {
      child.destroyForcibly(); // SIGKILL
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    boolean publishedBefore = Files.exists(r.outputDirectory());
    assertEquals(phase == ReleaseRun.Phase.PUBLISHED, publishedBefore, "only a renamed release is visible");
    ReleaseRun again = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy);
    switch (phase) {
      case RESERVED -> {
        // no data was read: the reservation is given back and the same request runs, charged once
        again.execute(again.plan(r), RunnerChoice.DIRECT.options(2, null));
        assertEquals(LedgerEntry.Status.COMMITTED, status(policy, r));
        assertSpent(policy, COST);
      }
      case RUNNING, NOISE_DRAWN, STAGED, COPY_KEPT -> {
        // noise may have been drawn: charged, never drawn again under this request id
        var e = assertThrows(ReleaseFailedException.class,
            () -> again.execute(again.plan(r), RunnerChoice.DIRECT.options(2, null)));
        assertTrue(e.getMessage().contains("was charged when its run died"), e.getMessage());
        assertEquals(LedgerEntry.Status.ABANDONED, status(policy, r));
        assertFalse(Files.exists(r.outputDirectory()), "nothing published");
        assertSpent(policy, COST);
      }
      case COMMITTED, PUBLISHED -> {
        // committed: the re-run publishes (or finds) exactly the committed release, spending nothing more
        ReleaseRun.Outcome o = again.execute(again.plan(r), RunnerChoice.DIRECT.options(2, null));
        assertTrue(o.rerun());
        assertEquals(List.of(), Manifest.verify(r.outputDirectory()));
        assertEquals(LedgerEntry.Status.COMMITTED, status(policy, r));
        assertSpent(policy, COST);
      }
      default -> throw new AssertionError(phase);
    }
    assertEquals(List.of(), leftovers(), "the dead run's work directory was removed");
  }

  private Process start(Policy policy, Path request, ReleaseRun.Phase phase) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
        "-XX:TieredStopAtLevel=1", // a short run: the quick compiler alone starts it in half the CPU time
        "-cp", System.getProperty("java.class.path"), PausedRelease.class.getName(),
        policy.file().toString(), request.toString(), phase.name()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static void waitForPause(Process child, ReleaseRun.Phase phase) throws Exception {
    List<String> lines = new ArrayList<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      lines.add(line);
      if (line.equals("PAUSED " + phase)) {
        return;
      }
    }
    throw new AssertionError("the run ended before " + phase + ": " + lines);
  }

  private Path workDirectory() throws Exception {
    List<Path> w = leftovers();
    assertEquals(1, w.size(), w.toString());
    return w.get(0);
  }

  private List<Path> leftovers() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(".privflow-work-")).toList();
    }
  }

  private static LedgerEntry.Status status(Policy policy, ReleaseRequest r) {
    return BudgetLedger.open(policy).find(r.requestId()).orElseThrow().status();
  }

  private static void assertSpent(Policy policy, BigDecimal expected) {
    List<PeriodBalance> b = BudgetLedger.open(policy).balances("tiny");
    BigDecimal spent = b.stream().map(PeriodBalance::committed).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal held = b.stream().map(PeriodBalance::reserved).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertEquals(0, expected.compareTo(spent), "spent " + spent);
    assertEquals(0, BigDecimal.ZERO.compareTo(held), "held " + held);
  }
}
