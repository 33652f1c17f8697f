package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage of the 95% interval published on every row ({@code ci95_low}, {@code ci95_high}), with
 * the production samplers and the production interval ({@link NoiseFigures#interval95}).
 *
 * <p>For each noise below, N = 200,000 noisy counts {@code c + Z} of a fixed true count c are drawn
 * with the mechanism's own {@code newSampler()} (SecureRandom DRBG, exact sampling), and X counts the
 * intervals that hold c. On a correct sampler X ~ Binomial(N, p0) with p0 = P[|Z| <= h] computed
 * here from the pmf, independently of NoiseFigures (closed form for the discrete Laplace, a sum of
 * the pmf for the discrete Gaussian); p0 >= 0.95 because h is the 95% half-width. Clipping both
 * ends at 0 cannot lose coverage since c >= 0; at c = 0 it gains some (the case b = 30 has c = 0, so
 * clipping is exercised). The controls use c >= 1, where the interval holds c exactly when |Z| <= h.
 *
 * <p><b>False-failure probability.</b> A noise fails when X < x*, where x* is the largest integer
 * with P[Binomial(N, p0) <= x* - 1] <= ALPHA = 1e-6 (exact binomial tail, commons-math3). Each of the
 * {@value #NOISES} coverage assertions thus fails a correct sampler with probability at most 1e-6
 * (each case prints its exact figure, between 9.4e-7 and 1e-6); by the union bound the class fails
 * spuriously with probability at most 7e-6. Every other assertion is exact (no randomness).
 *
 * <p><b>Negative control.</b> The same draws with the half-width h - 1, whose true coverage p1 =
 * P[|Z| <= h - 1] is below 0.95 (asserted exactly from the pmf: this is also the check that h is the
 * smallest half-width), go through the same test with the same x*. It must fail them, and the test
 * asserts by design, from the exact binomial tail, that a correct sampler lets the control through
 * with probability at most 1e-9: the computed miss probabilities are 10^-427 (b = 2), 10^-141
 * (b = 10/3), 10^-33.7 (b = 6), 10^-2241 (sigma^2 = 4), 10^-340 (sigma^2 = 24) and 10^-73
 * (sigma^2 = 100). The Laplace scale 30 has no control: there p0 - p1 = 0.0017, 3.4 standard
 * deviations of X / N, too close to tell apart with N draws (its coverage is still tested).
 *
 * <p>Runtime: 1.4 million draws, about 3 s.
 */
class IntervalCoverageTest {
  static final int N = 200_000;
  static final double ALPHA = 1e-6;
  static final int NOISES = 7;
  /** The largest miss probability of a negative control the design accepts. */
  static final double MAX_CONTROL_MISS = 1e-9;
  static final double LEVEL = 0.95;

  /**
   * One noise under test: its mechanism, the reference P[|Z| <= h] from the pmf, a true count, and
   * whether the h - 1 control has power.
   */
  record Case(String name, NoiseMechanism mechanism, Pmf pmf, long trueCount, boolean control) {
    @Override
    public String toString() {
      return name + ", true count " + trueCount;
    }
  }

  /** P[|Z| <= h] from the pmf, written here without NoiseFigures. */
  interface Pmf {
    double within(long h);
  }

  static Pmf laplace(double b) {
    double q = Math.exp(-1 / b);
    // P[|Z| > h] = 2 P[Z >= h + 1] = 2 q^(h+1) / (1 + q)
    return h -> 1 - 2 * Math.pow(q, h + 1) / (1 + q);
  }

  static Pmf gaussian(double sigmaSquared) {
    int range = (int) Math.ceil(40 * Math.sqrt(sigmaSquared)) + 10;
    double[] w = new double[range + 1];
    double norm = 0;
    for (int z = 0; z <= range; z++) {
      w[z] = Math.exp(-(double) z * z / (2 * sigmaSquared));
      norm += z == 0 ? w[z] : 2 * w[z];
    }
    double total = norm;
    return h -> {
      double in = 0;
      for (int z = 0; z <= Math.min(h, range); z++) {
        in += z == 0 ? w[z] : 2 * w[z];
      }
      return in / total;
    };
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("discrete Laplace b = 2", DiscreteLaplaceMechanism.withScale(Rational.of(2, 1)), laplace(2), 1, true),
        new Case("discrete Laplace b = 10/3", DiscreteLaplaceMechanism.withScale(Rational.of(10, 3)), laplace(10.0 / 3),
            3, true),
        new Case("discrete Laplace b = 6", DiscreteLaplaceMechanism.withScale(Rational.of(6, 1)), laplace(6), 7, true),
        new Case("discrete Laplace b = 30", DiscreteLaplaceMechanism.withScale(Rational.of(30, 1)), laplace(30), 0,
            false),
        // sigma^2 = L2^2 / (2 rho)
        new Case("discrete Gaussian sigma^2 = 4", DiscreteGaussianMechanism.forRho(Rational.of(1, 8), 1), gaussian(4),
            1, true),
        new Case("discrete Gaussian sigma^2 = 24", DiscreteGaussianMechanism.forRho(Rational.of(1, 8), 6),
            gaussian(24), 2, true),
        new Case("discrete Gaussian sigma^2 = 100", DiscreteGaussianMechanism.forRho(Rational.of(1, 200), 1),
            gaussian(100), 40, true));
  }

  /** x*: the test fails when fewer than x* of N intervals hold the true count. */
  static int criticalValue(double p0) {
    BinomialDistribution b = new BinomialDistribution(N, p0);
    int lo = 0;
    int hi = N;
    while (lo < hi) { // largest x with P[X <= x - 1] <= ALPHA
      int mid = (lo + hi + 1) >>> 1;
      if (b.cumulativeProbability(mid - 1) <= ALPHA) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** log10 P[Binomial(N, p) >= x], summed in logs so that tails far below 1e-308 still have a value. */
  static double log10UpperTail(double p, int x) {
    BinomialDistribution b = new BinomialDistribution(N, p);
    double max = Double.NEGATIVE_INFINITY;
    double[] logs = new double[N - x + 1];
    for (int k = x; k <= N; k++) {
      logs[k - x] = b.logProbability(k);
      max = Math.max(max, logs[k - x]);
    }
    double sum = 0;
    for (double l : logs) {
      sum += Math.exp(l - max);
    }
    return (max + Math.log(sum)) / Math.log(10);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void intervalsHoldTheTrueCountAtLeastNinetyFivePercentOfTheTime(Case c) {
    NoiseFigures figures = c.mechanism().figures();
    long h = figures.halfWidth95();
    double p0 = c.pmf().within(h);
    double p1 = c.pmf().within(h - 1);
    // h is the 95% half-width and the smallest one, exactly from the pmf
    assertTrue(p0 >= LEVEL && p1 < LEVEL, c + ": P[|Z| <= h] = " + p0 + ", P[|Z| <= h-1] = " + p1 + ", h = " + h);
    assertEquals(p0, figures.coverage95(), 1e-12, "NoiseFigures' coverage against the pmf");

    int critical = criticalValue(p0);
    double falseFailure = new BinomialDistribution(N, p0).cumulativeProbability(critical - 1);
    assertTrue(falseFailure <= ALPHA);

    NoiseSampler sampler = c.mechanism().newSampler();
    long covered = 0;
    long controlCovered = 0;
    long start = System.nanoTime();
    for (int i = 0; i < N; i++) {
      long noisy = c.trueCount() + sampler.sample();
      if (figures.interval95(noisy).contains(c.trueCount())) {
        covered++;
      }
      if (NoiseFigures.Interval.around(noisy, h - 1).contains(c.trueCount())) {
        controlCovered++;
      }
    }
    System.out.printf("%s: h = %d, p0 = %.6f, x* = %d (P[false failure] = %.3g); covered %d (%.5f)"
            + " in %.0f ms; control h-1: p1 = %.6f, covered %d%n", c, h, p0, critical, falseFailure, covered,
        (double) covered / N, (System.nanoTime() - start) / 1e6, p1, controlCovered);

    assertTrue(covered >= critical, String.format("%s: only %d of %d intervals hold the true count (%.5f); a"
        + " correct sampler with coverage %.6f gets fewer than %d with probability %.3g", c, covered, N,
        (double) covered / N, p0, critical, falseFailure));

    if (c.control()) {
      double log10Miss = log10UpperTail(p1, critical);
      assertTrue(log10Miss <= Math.log10(MAX_CONTROL_MISS), c + ": the control at h-1 would be missed with"
          + " probability 10^" + log10Miss + ": no power");
      assertTrue(controlCovered < critical, String.format("%s: the too-narrow interval (h-1 = %d, true coverage"
          + " %.6f < 0.95) passed: %d >= %d", c, h - 1, p1, controlCovered, critical));
    }
  }

  /** The half-width is the smallest one with 95% coverage over a wider range of noises (no sampling: exact). */
  @Test
  void halfWidthIsTheSmallestWithNinetyFivePercent() {
    for (double b : new double[] {0.3, 0.5, 1, 2, 10.0 / 3, 6, 12, 30, 60, 300, 3000}) {
      NoiseFigures f = NoiseFigures.discreteLaplace(b);
      long h = f.halfWidth95();
      Pmf pmf = laplace(b);
      assertTrue(pmf.within(h) >= LEVEL, "b = " + b);
      assertTrue(h == 0 || pmf.within(h - 1) < LEVEL, "b = " + b + ": h = " + h + " is not the smallest");
    }
    for (double s2 : new double[] {0.1, 0.25, 0.5, 1, 4, 24, 100, 1000, 40000}) {
      NoiseFigures f = NoiseFigures.discreteGaussian(s2);
      long h = f.halfWidth95();
      Pmf pmf = gaussian(s2);
      assertTrue(pmf.within(h) >= LEVEL, "sigma^2 = " + s2);
      assertTrue(h == 0 || pmf.within(h - 1) < LEVEL, "sigma^2 = " + s2 + ": h = " + h + " is not the smallest");
    }
  }

  /** Clipping at 0 never drops a true count the centred interval holds (a true count is never negative). */
  @Test
  void clippingAtZeroKeepsEveryNonNegativeCount() {
    for (long noisy = -50; noisy <= 50; noisy++) {
      for (long h = 0; h <= 20; h++) {
        NoiseFigures.Interval ci = NoiseFigures.Interval.around(noisy, h);
        for (long c = 0; c <= 80; c++) {
          // Every count the uncut interval holds is kept; the only one added is 0 when the uncut
          // interval lies wholly below it (an unthresholded total far below 0 gives [0, 0]).
          boolean uncut = Math.abs(noisy - c) <= h;
          boolean expected = uncut || (c == 0 && noisy + h < 0);
          assertEquals(expected, ci.contains(c), noisy + " +/- " + h + " and " + c);
        }
        assertTrue(ci.low() >= 0 && ci.high() >= ci.low());
      }
    }
  }
}
