package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.engine.Reconciliation;
import io.privflow.engine.RunnerChoice;
import io.privflow.policy.Policy;
import io.privflow.privacy.NoiseFigures;
import io.privflow.privacy.NoiseMechanism;
import io.privflow.privacy.NoiseSampler;
import io.privflow.privacy.ledger.BudgetExceededException;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.privacy.ledger.LedgerEntry;
import io.privflow.privacy.ledger.PeriodBalance;
import io.privflow.publish.Manifest;
import io.privflow.publish.ReleaseFailedException;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import io.privflow.testing.WorkLeftovers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release protocol against the budget ledger, end to end on the DirectRunner. */
class ReleaseLedgerTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final PrintStream console = new PrintStream(log, true);

  private ReleaseRequest request(String id, String out, String epsilon) throws Exception {
    Path sub = Files.createDirectories(dir.resolve("req-" + id + "-" + out));
    RequestYaml yaml = RequestYaml.tiny().requestId(id).epsilon(epsilon).output(dir.resolve(out));
    return RequestParser.parse(yaml.write(sub));
  }

  private ReleaseRun.Outcome release(ReleaseRequest r, Policy policy) throws Exception {
    ReleaseRun run = new ReleaseRun(console, policy);
    return run.execute(run.plan(r), RunnerChoice.DIRECT.options(2, null));
  }

  private static BigDecimal spent(Policy policy) {
    return BudgetLedger.open(policy).balances("tiny").stream()
        .map(PeriodBalance::committed).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void reRunReturnsTheCommittedReleaseByteForByteAndSpendsNothing() throws Exception {
    Policy policy = Fixtures.policy(dir, "pure_dp", "3");
    ReleaseRequest r = request("q1", "out1", "1.0");
    release(r, policy);
    byte[] first = Files.readAllBytes(r.outputDirectory().resolve("od_counts.csv"));
    assertEquals(0, new BigDecimal("1").compareTo(spent(policy)));
    assertEquals(List.of(), Manifest.verify(r.outputDirectory()));

    ReleaseRun.Outcome again = release(r, policy);
    assertTrue(again.rerun());
    assertArrayEquals(first, Files.readAllBytes(r.outputDirectory().resolve("od_counts.csv")));
    assertEquals(0, new BigDecimal("1").compareTo(spent(policy)), "a re-run spends nothing");

    // the release directory was lost: the re-run restores the committed copy, not fresh noise
    try (Stream<Path> s = Files.walk(r.outputDirectory())) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    release(r, policy);
    assertArrayEquals(first, Files.readAllBytes(r.outputDirectory().resolve("od_counts.csv")));
    assertEquals(0, new BigDecimal("1").compareTo(spent(policy)));
  }

  @Test
  void freshNoiseNeedsANewRequestIdWhichIsChargedUntilTheBudgetIsGone() throws Exception {
    Policy policy = Fixtures.policy(dir, "pure_dp", "2.5");
    release(request("q1", "out1", "1.0"), policy);
    release(request("q2", "out2", "1.0"), policy);
    assertEquals(0, new BigDecimal("2").compareTo(spent(policy)));
    ReleaseRequest third = request("q3", "out3", "1.0");
    var e = assertThrows(BudgetExceededException.class, () -> release(third, policy));
    assertTrue(e.getMessage().contains("dataset tiny, period 2020-03: budget epsilon 2.5, spent 2"), e.getMessage());
    assertTrue(e.getMessage().contains("this release requests 1"), e.getMessage());
    assertFalse(Files.exists(third.outputDirectory()));
    assertFalse(Files.exists(policy.custodianFilesOf(third.dataset(), third.requestId())),
        "refused before any data was read");
    assertTrue(BudgetLedger.open(policy).find("q3").isEmpty());
  }

  @Test
  void aChangedRequestUnderACommittedIdIsRefused() throws Exception {
    Policy policy = Fixtures.policy(dir);
    release(request("q1", "out1", "1.0"), policy);
    ReleaseRequest changed = request("q1", "out1", "0.5");
    var e = assertThrows(ReleaseFailedException.class, () -> release(changed, policy));
    assertTrue(e.getMessage().contains("already released from a different request file"), e.getMessage());
  }

  /** A mechanism whose sampler fails on the workers: the pipeline fails midway. */
  static final class FailingNoise implements NoiseMechanism {
    @Override
    public NoiseSampler newSampler() {
      return () -> {
        throw new IllegalStateException("injected failure");
      };
    }

    @Override
    public String name() {
      return "failing";
    }

    @Override
    public NoiseFigures figures() {
      return NoiseFigures.discreteLaplace(1);
    }
  }

  @Test
  void aFailedRunPublishesNothingAndGivesItsReservationBack() throws Exception {
    Policy policy = Fixtures.policy(dir, "pure_dp", "1");
    ReleaseRequest r = request("q1", "out1", "1.0");
    ReleaseRun run = new ReleaseRun(console, policy);
    assertThrows(RuntimeException.class, () -> run.execute(
        run.plan(r, (guarantee, sensitivity) -> new FailingNoise()), RunnerChoice.DIRECT.options(2, null)));
    assertFalse(Files.exists(r.outputDirectory()));
    BudgetLedger ledger = BudgetLedger.open(policy);
    assertTrue(ledger.find("q1").isEmpty());
    assertEquals(0, BigDecimal.ZERO.compareTo(ledger.balances("tiny").get(0).reserved()));
    assertEquals(List.of(), WorkLeftovers.directories(dir), "no work left behind");
    // the whole budget is still there: the same request now succeeds
    release(r, policy);
    assertEquals(LedgerEntry.Status.COMMITTED, ledger.find("q1").orElseThrow().status());
    assertEquals(0, new BigDecimal("1").compareTo(spent(policy)));
  }

  @Test
  void laplaceUnderAZcdpBudgetCostsEpsilonSquaredOverTwo() throws Exception {
    Policy policy = Fixtures.policy(dir, "zcdp", "1");
    release(request("q1", "out1", "0.5"), policy);
    assertEquals(0, new BigDecimal("0.125").compareTo(spent(policy)));
  }

  @Test
  void tooManyRejectedRecordsFailClosedWithTheRatePerReason() throws Exception {
    Policy policy = Fixtures.policy(dir, "pure_dp", "10", "0.01"); // the default 1%
    ReleaseRequest r = request("q1", "out1", "1.0");
    var e = assertThrows(Reconciliation.ReconciliationException.class, () -> release(r, policy));
    // the message names the policy rule; the event on cSea (tower outside every region) is out of
    // scope now, no longer a rejection: 5 of 16 network events (was 6, 37.50%)
    assertTrue(e.getMessage().contains("above the limit of 1% set by the policy rule max_reject_rate"),
        e.getMessage());
    assertTrue(e.getMessage().contains("network_events 31.25% (BAD_TIME 6.25%"), e.getMessage());
    assertFalse(Files.exists(r.outputDirectory()));
    assertTrue(BudgetLedger.open(policy).find("q1").isEmpty(), "reservation given back");
  }
}
