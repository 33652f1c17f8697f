package io.privflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.privacy.Rational;
import io.privflow.rejects.Reason;
import io.privflow.rejects.Source;
import io.privflow.rejects.Tallies;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The figures a run must pass before publishing: records add up, and the reject-rate gate. */
class ReconciliationTest {
  /** A GPS input of 1,000 fixes: 930 accepted, {@code rejected} rejected, the rest out of scope. */
  private static RunCounters gps(long rejected, long outsideTime, long outsideRegions) {
    Map<String, Long> m = new HashMap<>();
    m.put(Tallies.read(Source.GPS_EVENTS), 1_000L);
    m.put(Tallies.accepted(Source.GPS_EVENTS), 1_000L - rejected - outsideTime - outsideRegions);
    m.put(Tallies.filtered(Source.GPS_EVENTS), outsideTime);
    m.put(Tallies.outsideRegions(Source.GPS_EVENTS), outsideRegions);
    if (rejected > 0) {
      m.put(Tallies.rejected(Source.GPS_EVENTS, Reason.BAD_COORDINATE), rejected);
    }
    return new RunCounters(m);
  }

  private static String check(RunCounters c, Rational limit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Reconciliation.check(c, limit, new PrintStream(out, true));
    return out.toString();
  }

  /** The review's GPS release: 6% of check-ins outside the chosen counties is normal, not an error. */
  @Test
  void pointsOutsideTheRegionsAreOutOfScopeNotRejections() {
    RunCounters c = gps(5, 10, 60);
    assertTrue(c.reconciles(Source.GPS_EVENTS));
    assertEquals(5, c.rejectedTotal(Source.GPS_EVENTS));
    String printed = check(c, Reconciliation.DEFAULT_REJECT_RATE_LIMIT); // 0.5% rejected: passes at 1%
    assertTrue(printed.contains("gps_events") && printed.contains("read 1,000 = accepted 925 + rejected 5"
        + " + outside time range 10 + outside regions 60"), printed);
  }

  @Test
  void outsideRegionsAreNeededToReconcile() {
    Map<String, Long> m = new HashMap<>(gps(0, 0, 60).values());
    m.remove(Tallies.outsideRegions(Source.GPS_EVENTS));
    RunCounters lost = new RunCounters(m);
    assertFalse(lost.reconciles(Source.GPS_EVENTS), "60 fixes unaccounted for");
    var e = assertThrows(Reconciliation.ReconciliationException.class,
        () -> check(lost, Reconciliation.DEFAULT_REJECT_RATE_LIMIT));
    assertEquals("record counts do not reconcile for gps_events (read != accepted + rejected + outside time range"
        + " + outside regions); nothing was published", e.getMessage());
  }

  /** The gate names its policy rule and default, so the custodian knows what to look at. */
  @Test
  void theRejectRateGateNamesItsPolicyRuleAndDefault() {
    var e = assertThrows(Reconciliation.ReconciliationException.class,
        () -> check(gps(20, 0, 0), Reconciliation.DEFAULT_REJECT_RATE_LIMIT));
    assertEquals("rejected records above the limit of 1% set by the policy rule max_reject_rate (under rules: or"
        + " datasets.<name>.rules:; default 1%): gps_events 2.00% (BAD_COORDINATE 2.00%); nothing was published"
        + " (see the custodian-only rejected records)", e.getMessage());
    e = assertThrows(Reconciliation.ReconciliationException.class, () -> check(gps(30, 0, 0), Rational.of(1, 40)));
    assertTrue(e.getMessage().startsWith("rejected records above the limit of 2.5% set by the policy rule"
        + " max_reject_rate"), e.getMessage());
    check(gps(25, 0, 0), Rational.of(1, 40)); // exactly at the limit: passes
  }

  @Test
  void theDefaultIsOnePercentAndThePolicyUsesIt() {
    assertEquals(Rational.of(1, 100), Reconciliation.DEFAULT_REJECT_RATE_LIMIT);
    assertEquals(Reconciliation.DEFAULT_REJECT_RATE_LIMIT, io.privflow.policy.ReleaseRules.NONE.rejectRateLimit());
  }
}
