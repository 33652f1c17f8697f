package io.privflow.plan;

import io.privflow.policy.Policy;
import io.privflow.policy.PolicyException;
import io.privflow.privacy.Accounting;
import io.privflow.privacy.Rational;
import io.privflow.request.ReleaseRequest;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * What a release costs against its dataset's budget, and in which periods: computed from the
 * request and the policy alone, before any data is read.
 *
 * <ul>
 *   <li>pure_dp budget: a Laplace release costs its epsilon; a Gaussian release is refused (zCDP
 *       does not give pure DP).
 *   <li>zcdp budget: a Gaussian release costs its rho; a Laplace release costs epsilon^2 / 2.
 * </ul>
 */
public record BudgetCharge(Policy.DatasetBudget budget, List<String> periods, Rational cost) {

  public static BudgetCharge of(ReleaseRequest r, Policy policy) {
    Policy.DatasetBudget b = policy.datasets().get(r.dataset());
    if (b == null) {
      throw new PolicyException("refused", List.of("dataset " + r.dataset() + " is not in the custodian policy "
          + policy.file() + " (datasets there: " + String.join(", ", policy.datasets().keySet()) + ")"));
    }
    ReleaseRequest.Privacy p = r.privacy();
    Rational cost;
    if (b.accounting() == Policy.Accounting.PURE_DP) {
      if (p.mechanism() != ReleaseRequest.Mechanism.DISCRETE_LAPLACE) {
        throw new PolicyException("refused", List.of("dataset " + r.dataset()
            + " is accounted in pure epsilon-DP; the discrete_gaussian mechanism gives zCDP, not pure DP"));
      }
      cost = p.epsilon();
    } else {
      cost = p.mechanism() == ReleaseRequest.Mechanism.DISCRETE_GAUSSIAN ? p.rho() : Accounting.pureToRho(p.epsilon());
    }
    return new BudgetCharge(b, b.period().periodsOf(r.time().start(), r.time().end()), cost);
  }

  /** The exact decimal of the cost (shares and parameters are decimals, so it terminates). */
  public BigDecimal costDecimal() {
    return decimal(cost);
  }

  public BigDecimal totalDecimal() {
    return decimal(budget.budget());
  }

  static BigDecimal decimal(Rational r) {
    return new BigDecimal(r.numerator()).divide(new BigDecimal(r.denominator()), MathContext.UNLIMITED);
  }
}
