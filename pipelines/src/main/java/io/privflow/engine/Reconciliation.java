package io.privflow.engine;

import io.privflow.PrivflowException;
import io.privflow.privacy.Rational;
import io.privflow.rejects.Source;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks a run's figures must pass before anything is published: every input's records add
 * up, and no input lost more of its records to rejection than the policy allows. Either failing
 * fails the run closed.
 *
 * <p>Records out of scope (outside the time range, or outside every region of the request) are
 * neither accepted nor rejected: they are counted on their own and never count towards the
 * reject rate. A GPS release over a few counties normally sees some share of fixes elsewhere.
 */
public final class Reconciliation {
  /** The policy rule that sets the reject-rate limit, named in the gate's message. */
  public static final String REJECT_RATE_RULE = "max_reject_rate";
  /** The limit when the policy sets none: 1%. The policy (policy.ReleaseRules) uses this value. */
  public static final Rational DEFAULT_REJECT_RATE_LIMIT = Rational.of(1, 100);

  private Reconciliation() {}

  /** Prints each input's figures and fails when they do not add up or too many were rejected. */
  public static void check(RunCounters c, Rational rejectRateLimit, PrintStream out) {
    reconcile(c, out);
    checkRejectRate(c, rejectRateLimit);
  }

  /** Why a run's figures failed it; nothing was published. */
  public static final class ReconciliationException extends PrivflowException {
    public ReconciliationException(String message) {
      super(message);
    }
  }

  /** Fails closed when any input's records do not add up. */
  static void reconcile(RunCounters c, PrintStream out) {
    List<String> bad = new ArrayList<>();
    for (Source s : Source.values()) {
      out.printf("privflow: %-15s read %,d = accepted %,d + rejected %,d + outside time range %,d"
              + " + outside regions %,d%s%n",
          s.label(), c.read(s), c.accepted(s), c.rejectedTotal(s), c.filtered(s), c.outsideRegions(s),
          c.rejected(s).isEmpty() ? "" : "  " + c.rejected(s));
      if (!c.reconciles(s)) {
        bad.add(s.label());
      }
    }
    if (!bad.isEmpty()) {
      throw new ReconciliationException("record counts do not reconcile for " + String.join(", ", bad)
          + " (read != accepted + rejected + outside time range + outside regions); nothing was published");
    }
  }

  /**
   * Fails closed when an input's rejected share is above the policy's limit: a release computed
   * from a tenth of the records is worse than none. The message gives the rate per reason, and the
   * policy rule that sets the limit, so the custodian knows what to look at or, if the input is
   * as it should be, which rule to change.
   */
  static void checkRejectRate(RunCounters c, Rational limit) {
    List<String> over = new ArrayList<>();
    for (Source s : Source.values()) {
      long read = c.read(s);
      long rejected = c.rejectedTotal(s);
      if (read == 0 || Rational.of(rejected, read).compareTo(limit) <= 0) {
        continue;
      }
      List<String> reasons = new ArrayList<>();
      c.rejected(s).forEach((reason, n) -> reasons.add(String.format("%s %.2f%%", reason, 100.0 * n / read)));
      over.add(String.format("%s %.2f%% (%s)", s.label(), 100.0 * rejected / read, String.join(", ", reasons)));
    }
    if (!over.isEmpty()) {
      throw new ReconciliationException("rejected records above the limit of " + percent(limit)
          + " set by the policy rule " + REJECT_RATE_RULE + " (under rules: or datasets.<name>.rules:; default "
          + percent(DEFAULT_REJECT_RATE_LIMIT) + "): " + String.join("; ", over)
          + "; nothing was published (see the custodian-only rejected records)");
    }
  }

  /** A rate as a percentage, exact up to 6 significant digits: 1/100 is "1%", 1/40 is "2.5%". */
  static String percent(Rational r) {
    BigDecimal p = new BigDecimal(r.numerator()).movePointRight(2)
        .divide(new BigDecimal(r.denominator()), new MathContext(6, RoundingMode.HALF_EVEN));
    return p.stripTrailingZeros().toPlainString() + "%";
  }
}
