package io.privflow.privacy;

import java.util.List;

/**
 * Composition and conversion of privacy guarantees.
 *
 * <ul>
 *   <li>Pure DP composes by adding epsilons; zCDP composes by adding rhos (Bun and Steinke 2016).
 *   <li>epsilon-DP implies (epsilon^2 / 2)-zCDP, so a pure-DP release can be charged to a zCDP
 *       budget at that price.
 *   <li>rho-zCDP implies (rho + 2 sqrt(rho ln(1/delta)), delta)-DP for every delta > 0; used only
 *       for reporting, so doubles are fine here.
 * </ul>
 */
public final class Accounting {
  private Accounting() {}

  /** Sequential composition: the sum of the parts (epsilons, or rhos). */
  public static Rational compose(List<Rational> parts) {
    Rational sum = Rational.of(0, 1);
    for (Rational p : parts) {
      sum = sum.plus(p);
    }
    return sum;
  }

  /** The zCDP price of an epsilon-DP release: epsilon^2 / 2, exactly. */
  public static Rational pureToRho(Rational epsilon) {
    return epsilon.times(epsilon).times(Rational.of(1, 2));
  }

  /** The epsilon of (epsilon, delta)-DP implied by rho-zCDP. */
  public static double zcdpToEpsilon(double rho, double delta) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1)");
    }
    return rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
  }
}
