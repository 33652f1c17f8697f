package io.privflow.plan;

import io.privflow.policy.Policy;
import io.privflow.policy.PolicyException;
import io.privflow.privacy.Decimals;
import io.privflow.privacy.Guarantee;
import io.privflow.privacy.Rational;
import io.privflow.request.ReleaseRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a release costs against its dataset's budget, and in which periods: computed from the
 * request and the policy alone, before any data is read. The cost is the guarantee's own
 * ({@link Guarantee#cost}); a guarantee the dataset's accounting cannot charge is refused.
 */
public record BudgetCharge(Policy.DatasetBudget budget, List<String> periods, Rational cost, Rational deltaCost) {

  public static BudgetCharge of(ReleaseRequest r, Policy policy) {
    Policy.DatasetBudget b = policy.datasets().get(r.dataset());
    if (b == null) {
      throw new PolicyException("refused", List.of("dataset " + r.dataset() + " is not in the custodian policy "
          + policy.file() + " (datasets there: " + String.join(", ", policy.datasets().keySet()) + ")"));
    }
    Rational cost;
    try {
      cost = r.privacy().guarantee().cost(b.accounting());
    } catch (Guarantee.NotChargeable e) {
      throw new PolicyException("refused", List.of("dataset " + r.dataset() + " " + e.getMessage()));
    }
    // The periods of the instants the release reads, in the dataset's zone (the policy's), never the request's.
    List<String> periods = b.period().periodsOf(Instant.ofEpochMilli(r.time().startMillis()),
        Instant.ofEpochMilli(r.time().endMillis()), b.zone());
    return new BudgetCharge(b, periods, cost, r.privacy().guarantee().deltaCost());
  }

  /** The exact decimal of the cost (shares and parameters are decimals, so it terminates). */
  public BigDecimal costDecimal() {
    return Decimals.of(cost);
  }

  public BigDecimal totalDecimal() {
    return Decimals.of(budget.budget());
  }

  /** The delta the release spends per period (a partition selection's; 0 otherwise). */
  public BigDecimal deltaCostDecimal() {
    return Decimals.of(deltaCost);
  }

  /** The dataset's delta budget per period, or null when it has none. */
  public BigDecimal deltaTotalDecimal() {
    return budget.deltaBudget() == null ? null : Decimals.of(budget.deltaBudget());
  }
}
