package io.privflow.privacy;

import org.apache.commons.math3.special.Erf;

/**
 * The threshold of a partition selection with discrete Gaussian noise (Gaussian thresholding, as in
 * Google's differential-privacy libraries, with exact integer noise).
 *
 * <p>A device adds 1 to at most {@code l0} distinct cells. Against a neighbour without it, the
 * release differs in two ways: the cells it shares with others move by 1 (covered by the
 * Gaussian's rho-zCDP), and up to {@code l0} cells that only it fills can appear. Each such cell,
 * with true count 1, is published when 1 + Z >= tau; so with tau the smallest integer such that
 * {@code l0 * P[Z >= tau - 1] <= delta}, none appears except with probability at most delta.
 *
 * <p>The tail is bounded from above, never estimated: for the discrete Gaussian with parameter
 * sigma, P[Z >= m] <= Q((m - 1) / sigma) for m >= 1, because the sum over z >= m is at most the
 * integral from m - 1 of the decreasing density, and the normalising sum over all integers is at
 * least sigma sqrt(2 pi) (Poisson summation). A margin of 1% covers the floating-point error of Q.
 * The threshold is a public parameter chosen before any data is read.
 */
public final class SelectionThreshold {
  private static final double MARGIN = 1.01;

  private SelectionThreshold() {}

  /** The smallest integer tau with l0 * P[Z >= tau - 1] <= delta, for Z discrete Gaussian of sigma^2. */
  public static long tau(Rational sigmaSquared, long l0, Rational delta) {
    if (l0 < 1 || delta.isZero()) {
      throw new IllegalArgumentException("a partition selection needs l0 >= 1 and delta > 0");
    }
    double sigma = Math.sqrt(sigmaSquared.toDouble());
    double target = delta.toDouble();
    long tau = 2;
    while (l0 * MARGIN * tailBound(tau - 1, sigma) > target) {
      tau++;
      if (tau > 1_000_000_000L) {
        throw new IllegalArgumentException("no threshold reaches delta " + delta);
      }
    }
    return tau;
  }

  /** An upper bound of P[Z >= m] for the discrete Gaussian with parameter sigma, m >= 1. */
  static double tailBound(long m, double sigma) {
    if (m < 1) {
      return 1;
    }
    return 0.5 * Erf.erfc((m - 1) / (sigma * Math.sqrt(2)));
  }

  /** The probability that a cell only one device fills is published: l0 times this is the delta spent. */
  public static double singletonReleaseBound(long tau, Rational sigmaSquared) {
    return MARGIN * tailBound(tau - 1, Math.sqrt(sigmaSquared.toDouble()));
  }
}
