package io.privflow.privacy.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.privacy.Accounting;
import io.privflow.testing.Fixtures;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.privflow.testing.LedgerDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ledger's operations, each on the embedded H2 file and on a PostgreSQL server (see LedgerDatabase). */
class BudgetLedgerTest {
  @TempDir Path dir;

  private BudgetLedger ledger(LedgerDatabase db) throws Exception {
    return BudgetLedger.open(db.on(Fixtures.policy(dir)));
  }

  static LedgerEntry entry(String id, String cost, String... periods) {
    return new LedgerEntry(id, "sha-" + id, "ds", List.of(periods), LedgerEntry.Status.RESERVED, new BigDecimal(cost),
        BigDecimal.ZERO, Accounting.PURE_DP, "epsilon=" + cost, "od", "Institute", "surveillance", "2026-01-01T00:00:00Z", null, null,
        null, "h:1", "/work/" + id);
  }

  /** The protocol of a run that publishes: reserve, start its pipeline, commit. */
  static void publish(BudgetLedger l, LedgerEntry e) {
    l.reserve(e, TOTAL);
    l.markRunning(e.requestId());
    l.commit(e.requestId(), "/rel/" + e.requestId(), "m", Instant.parse("2026-01-01T01:00:00Z"));
  }

  static final BigDecimal TOTAL = new BigDecimal("1.0");

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void reserveCommitAndCancelKeepTheBooks(LedgerDatabase db) throws Exception {
    BudgetLedger l = ledger(db);
    l.reserve(entry("a", "0.3", "2020-03"), TOTAL);
    l.reserve(entry("b", "0.5", "2020-03"), TOTAL);
    PeriodBalance p = l.balances("ds").get(0);
    assertEquals(0, new BigDecimal("0.8").compareTo(p.reserved()));
    l.markRunning("a");
    l.commit("a", "/rel/a", "m", Instant.parse("2026-01-01T01:00:00Z"));
    l.cancel("b", "test");
    p = l.balances("ds").get(0);
    assertEquals(0, new BigDecimal("0.3").compareTo(p.committed()));
    assertEquals(0, BigDecimal.ZERO.compareTo(p.reserved()));
    assertEquals(0, new BigDecimal("0.7").compareTo(p.remaining()));
    // every attempt is listed, the cancelled one with its status; its id is free again
    assertEquals(List.of("a", "b"), l.entries("ds").stream().map(LedgerEntry::requestId).toList());
    assertEquals(LedgerEntry.Status.CANCELLED, l.entries("ds").get(1).status());
    assertTrue(l.find("b").isEmpty());
    assertEquals(LedgerEntry.Status.COMMITTED, l.find("a").orElseThrow().status());
    assertEquals("/rel/a", l.find("a").orElseThrow().releaseDirectory());
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void overspendIsRefusedWithTheFiguresAndChangesNothing(LedgerDatabase db) throws Exception {
    BudgetLedger l = ledger(db);
    publish(l, entry("a", "0.75", "2020-03"));
    var e = assertThrows(BudgetExceededException.class, () -> l.reserve(entry("b", "0.5", "2020-03", "2020-04"), TOTAL));
    assertTrue(e.getMessage().contains("dataset ds, period 2020-03: budget epsilon 1, spent 0.75"), e.getMessage());
    assertTrue(e.getMessage().contains("remaining 0.25, this release requests 0.5"), e.getMessage());
    assertTrue(l.find("b").isEmpty());
    // nothing is held in April: the refused reservation left no trace
    assertEquals(List.of("2020-03"), l.balances("ds").stream().map(PeriodBalance::period).toList());
  }

  /** A zCDP partition selection: rho from the rho budget, its selection delta from the delta budget. */
  static LedgerEntry zcdp(String id, String rho, String delta, String... periods) {
    return new LedgerEntry(id, "sha-" + id, "ds", List.of(periods), LedgerEntry.Status.RESERVED, new BigDecimal(rho),
        new BigDecimal(delta), Accounting.ZCDP, "rho=" + rho, "od", "Institute", "surveillance",
        "2026-01-01T00:00:00Z", null, null, null, "h:1", "/work/" + id);
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void deltasAddUpAgainstTheDeltaBudgetAndAreRefusedWithoutOne(LedgerDatabase db) throws Exception {
    BudgetLedger l = ledger(db);
    BigDecimal deltaBudget = new BigDecimal("0.00000003");
    l.reserve(zcdp("a", "0.1", "0.00000001", "2020-03"), TOTAL, deltaBudget);
    l.markRunning("a");
    l.commit("a", "/rel/a", "m", Instant.parse("2026-01-01T01:00:00Z"));
    l.reserve(zcdp("b", "0.1", "0.00000001", "2020-03"), TOTAL, deltaBudget);
    PeriodBalance p = l.balances("ds").get(0);
    assertEquals(0, new BigDecimal("0.00000001").compareTo(p.deltaCommitted()));
    assertEquals(0, new BigDecimal("0.00000001").compareTo(p.deltaReserved()));
    // rho is plentiful (0.8 left), the delta is not: 3e-8 - 1e-8 spent - 1e-8 held < 2e-8
    var e = assertThrows(BudgetExceededException.class,
        () -> l.reserve(zcdp("c", "0.1", "0.00000002", "2020-03"), TOTAL, deltaBudget));
    assertTrue(e.getMessage().contains("delta budget 0.00000003, spent 0.00000001, held by runs in progress"
        + " 0.00000001, remaining 0.00000001, this release requests 0.00000002"), e.getMessage());
    var none = assertThrows(BudgetExceededException.class,
        () -> l.reserve(zcdp("d", "0.1", "0.00000001", "2020-03"), TOTAL, null));
    assertTrue(none.getMessage().contains("delta budget none"), none.getMessage());
    assertTrue(l.find("c").isEmpty() && l.find("d").isEmpty(), "refusals leave no trace");
    // a release without a selection delta needs no delta budget
    l.reserve(zcdp("e", "0.1", "0", "2020-03"), TOTAL, null);
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void aReleaseSpanningTwoPeriodsIsChargedToBoth(LedgerDatabase db) throws Exception {
    BudgetLedger l = ledger(db);
    publish(l, entry("a", "0.4", "2020-03", "2020-04"));
    assertEquals(2, l.balances("ds").size());
    l.balances("ds").forEach(p -> assertEquals(0, new BigDecimal("0.4").compareTo(p.committed())));
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void twoRacingReleasesForTheLastPartOfABudgetExactlyOneSucceeds(LedgerDatabase db) throws Exception {
    io.privflow.policy.Policy policy = db.on(Fixtures.policy(dir));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 5; round++) {
        BudgetLedger l = BudgetLedger.open(policy);
        String period = "2020-" + (10 + round);
        publish(l, entry("base" + round, "0.4", period));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (String id : List.of("x" + round, "y" + round)) {
          results.add(pool.submit(() -> {
            go.await();
            try {
              BudgetLedger.open(policy).reserve(entry(id, "0.6", period), TOTAL);
              return true;
            } catch (BudgetExceededException e) {
              return false;
            }
          }));
        }
        go.countDown();
        int ok = 0;
        for (Future<Boolean> f : results) {
          ok += f.get() ? 1 : 0;
        }
        assertEquals(1, ok, "round " + round);
        PeriodBalance b = l.balances("ds").stream().filter(p -> p.period().equals(period)).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("0.6").compareTo(b.reserved()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void credentialsAreRedactedFromMessages() {
    assertEquals("jdbc:postgresql://db/x?user=***&password=***",
        BudgetLedger.redact("jdbc:postgresql://db/x?user=bob&password=secret"));
  }
}
