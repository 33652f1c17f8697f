package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Distribution tests of {@link ExactSampler#discreteLaplace(long, long)} against the exact pmf
 * {@code P[Z = z] = (1 - q) / (1 + q) q^|z|}, {@code q = exp(-1/b)}, for b = 2 (s=1, t=2) and the
 * non-integer b = 10/3 (s=3, t=10).
 *
 * <p><b>False-failure probability.</b> Every assertion that can fail on a correct sampler is run
 * at significance {@code ALPHA = 1e-6}:
 *
 * <ul>
 *   <li>2 chi-square goodness-of-fit assertions (one per scale): P[false failure] = ALPHA each
 *       (nominal: the Pearson statistic is asymptotically chi-square; every bin expects at least
 *       {@value #MIN_EXPECTED} draws);
 *   <li>2 mean assertions and 2 variance assertions: two-sided normal bounds at ALPHA each (CLT for
 *       N = 200,000 iid draws; the variance of the sample variance uses the exact fourth moment);
 *   <li>4 power assertions (0.7 b and 1.3 b must be rejected): each can only fail if the
 *       statistic stays below the critical value, which is bounded rigorously (Hoeffding on the
 *       single most informative bin, see {@link #log10MissProbabilityBound}) by less than 1e-100 each.
 * </ul>
 *
 * By the union bound the whole class fails on a correct sampler with probability at most
 * 6 * 1e-6 + 4 * 1e-100 = 6e-6 (about one spurious failure in 170,000 runs).
 *
 * <p>Runtime: about 1.6 s per 200,000 draws with the DRBG, 6 sample sets, about 10 s in all; each
 * sample set is drawn once and shared between the test methods that use it.
 */
class DiscreteLaplaceSamplerTest {
  static final int N = 200_000;
  static final double ALPHA = 1e-6;
  static final int NULL_RISK_ASSERTIONS = 6;
  static final double MIN_EXPECTED = 20;
  static final double CLASS_FALSE_FAILURE = NULL_RISK_ASSERTIONS * ALPHA;

  /** Two-sided standard-normal quantile for ALPHA: about 4.892. */
  static final double Z = new NormalDistribution().inverseCumulativeProbability(1 - ALPHA / 2);

  private static final Map<String, long[]> SAMPLES = new ConcurrentHashMap<>();

  /** N draws at scale t/s, drawn once per (s, t) and shared by the test methods. */
  static long[] samples(long s, long t) {
    return SAMPLES.computeIfAbsent(s + "/" + t, k -> {
      ExactSampler sampler = new ExactSampler(SecureRandoms.create());
      long start = System.nanoTime();
      long[] z = new long[N];
      for (int i = 0; i < N; i++) {
        z[i] = sampler.discreteLaplace(s, t);
      }
      System.out.printf("drew %d discrete Laplace values at scale %d/%d in %.0f ms%n",
          N, t, s, (System.nanoTime() - start) / 1e6);
      return z;
    });
  }

  static double q(Rational scale) {
    // Reference pmf only: the sampler under test never sees a double.
    return Math.exp(-1.0 / scale.toDouble());
  }

  static double pmf(double q, long z) {
    return (1 - q) / (1 + q) * Math.pow(q, Math.abs(z));
  }

  /** P[Z >= m] = P[Z <= -m] = q^m / (1 + q) for m >= 1. */
  static double tail(double q, long m) {
    return Math.pow(q, m) / (1 + q);
  }

  /**
   * Bins {@code Z <= -m}, {@code -m+1 .. m-1} one value each, {@code Z >= m}, with the largest m
   * for which every bin expects at least MIN_EXPECTED of N draws under the pmf with this q.
   */
  record Binning(long m, double[] probs) {
    static Binning of(double q) {
      long m = 1;
      while (minExpected(q, m + 1) >= MIN_EXPECTED) {
        m++;
      }
      Binning b = new Binning(m, probsFor(q, m));
      assertTrue(minExpected(q, m) >= MIN_EXPECTED, "bins too thin: " + minExpected(q, m));
      return b;
    }

    static double minExpected(double q, long m) {
      double min = Double.MAX_VALUE;
      for (double p : probsFor(q, m)) {
        min = Math.min(min, p * N);
      }
      return min;
    }

    static double[] probsFor(double q, long m) {
      double[] p = new double[(int) (2 * m + 1)];
      p[0] = tail(q, m);
      p[p.length - 1] = tail(q, m);
      for (long z = -m + 1; z <= m - 1; z++) {
        p[(int) (z + m)] = pmf(q, z);
      }
      return p;
    }

    int bins() {
      return probs.length;
    }

    int binOf(long z) {
      return (int) (Math.max(-m, Math.min(m, z)) + m);
    }

    long[] histogram(long[] draws) {
      long[] h = new long[bins()];
      for (long z : draws) {
        h[binOf(z)]++;
      }
      return h;
    }

    double chiSquare(long[] observed) {
      double x = 0;
      for (int i = 0; i < bins(); i++) {
        double e = N * probs[i];
        double d = observed[i] - e;
        x += d * d / e;
      }
      return x;
    }

    double criticalValue() {
      return new ChiSquaredDistribution(bins() - 1).inverseCumulativeProbability(1 - ALPHA);
    }
  }

  static Stream<Arguments> scales() {
    // scale b = t / s
    return Stream.of(Arguments.of(1L, 2L), Arguments.of(3L, 10L));
  }

  static Stream<Arguments> wrongScales() {
    return Stream.of(
        Arguments.of(1L, 2L, "0.7"), Arguments.of(1L, 2L, "1.3"),
        Arguments.of(3L, 10L, "0.7"), Arguments.of(3L, 10L, "1.3"));
  }

  @Test
  void binningIsAProbabilityDistributionWithFatBins() {
    for (double b : new double[] {2, 10.0 / 3}) {
      double q = Math.exp(-1 / b);
      Binning bins = Binning.of(q);
      double sum = 0;
      for (double p : bins.probs()) {
        sum += p;
        assertTrue(p * N >= MIN_EXPECTED, "every bin expects at least " + MIN_EXPECTED);
      }
      assertEquals(1.0, sum, 1e-12, "bin probabilities must sum to 1 for b=" + b);
      assertTrue(bins.bins() >= 15, "enough bins to see the shape: " + bins.bins());
    }
  }

  @ParameterizedTest(name = "scale {1}/{0}")
  @MethodSource("scales")
  void chiSquareAcceptsTheTrueScale(long s, long t) {
    Rational b = Rational.of(t, s);
    Binning bins = Binning.of(q(b));
    double x = bins.chiSquare(bins.histogram(samples(s, t)));
    double crit = bins.criticalValue();
    System.out.printf("H0 b=%s: %d bins (df %d), chi2 = %.2f, critical(alpha=%g) = %.2f%n",
        b, bins.bins(), bins.bins() - 1, x, ALPHA, crit);
    assertTrue(x < crit, String.format(
        "discrete Laplace b=%s does not fit its pmf: chi2 = %.2f >= %.2f (df %d). A correct "
            + "sampler fails this with probability alpha = %g (class total <= %g by union bound)",
        b, x, crit, bins.bins() - 1, ALPHA, CLASS_FALSE_FAILURE));
  }

  @ParameterizedTest(name = "scale {1}/{0} x {2}")
  @MethodSource("wrongScales")
  void chiSquareRejectsAWrongScale(long s, long t, String factor) {
    Rational b = Rational.of(t, s);
    Rational wrong = b.times(Rational.parse(factor));
    long ws = wrong.denominator().longValueExact();
    long wt = wrong.numerator().longValueExact();
    Binning bins = Binning.of(q(b));
    double[] alt = Binning.probsFor(q(wrong), bins.m());
    double crit = bins.criticalValue();
    double expected = expectedChiSquare(bins.probs(), alt);
    double log10Miss = log10MissProbabilityBound(bins.probs(), alt, crit);
    // The design must have power: quoted expectation far above the critical value, and a
    // rigorous bound on the chance of not rejecting.
    assertTrue(expected > 10 * crit, "test has too little power: E[chi2] = " + expected);
    assertTrue(log10Miss < -100, "test has too little power: P[miss] <= 1e" + log10Miss);

    double x = bins.chiSquare(bins.histogram(samples(ws, wt)));
    System.out.printf("H1 b=%s sampled at %s (%s x b): chi2 = %.1f, E[chi2|H1] = %.1f, "
            + "critical = %.2f, P[miss] <= 1e%.0f%n", b, wrong, factor, x, expected, crit, log10Miss);
    assertTrue(x >= crit, String.format(
        "chi-square test failed to reject scale %s against the pmf of %s: chi2 = %.2f < %.2f; "
            + "E[chi2] under this alternative is %.1f and a miss has probability <= 1e%.0f",
        wrong, b, x, crit, expected, log10Miss));
  }

  @ParameterizedTest(name = "scale {1}/{0}")
  @MethodSource("scales")
  void meanIsZero(long s, long t) {
    Rational b = Rational.of(t, s);
    double q = q(b);
    double sigma = Math.sqrt(2 * q) / (1 - q);
    long[] z = samples(s, t);
    double mean = 0;
    for (long v : z) {
      mean += v;
    }
    mean /= N;
    double tol = Z * sigma / Math.sqrt(N);
    System.out.printf("b=%s: mean %.5f, tolerance %.5f%n", b, mean, tol);
    assertTrue(Math.abs(mean) <= tol, String.format(
        "mean %.5f of %d draws at b=%s is not 0 within %.5f (%.3f standard errors); a correct "
            + "sampler fails this with probability ~%g (normal approximation)",
        mean, N, b, tol, Z, ALPHA));
  }

  @ParameterizedTest(name = "scale {1}/{0}")
  @MethodSource("scales")
  void varianceMatches(long s, long t) {
    Rational b = Rational.of(t, s);
    double q = q(b);
    double var = 2 * q / ((1 - q) * (1 - q));
    double mu4 = 0;
    for (long v = -2000; v <= 2000; v++) {
      mu4 += Math.pow(v, 4) * pmf(q, v);
    }
    // Exact variance of the unbiased sample variance of N iid draws.
    double varOfS2 = mu4 / N - var * var * (N - 3.0) / ((double) N * (N - 1));
    long[] z = samples(s, t);
    double mean = 0;
    for (long v : z) {
      mean += v;
    }
    mean /= N;
    double ss = 0;
    for (long v : z) {
      ss += (v - mean) * (v - mean);
    }
    double s2 = ss / (N - 1);
    double tol = Z * Math.sqrt(varOfS2);
    System.out.printf("b=%s: variance %.4f, expected %.4f, tolerance %.4f%n", b, s2, var, tol);
    assertTrue(Math.abs(s2 - var) <= tol, String.format(
        "sample variance %.4f at b=%s differs from 2q/(1-q)^2 = %.4f by more than %.4f; a "
            + "correct sampler fails this with probability ~%g (normal approximation)",
        s2, b, var, tol, ALPHA));
  }

  /** E[Pearson chi2] when the draws follow {@code alt}: sum (p1 (1 - p1) + N (p1 - p0)^2) / p0. */
  static double expectedChiSquare(double[] p0, double[] alt) {
    double e = 0;
    for (int i = 0; i < p0.length; i++) {
      double d = alt[i] - p0[i];
      e += (alt[i] * (1 - alt[i]) + N * d * d) / p0[i];
    }
    return e;
  }

  /**
   * Rigorous upper bound on P[chi2 < crit] when the draws follow {@code alt}. The statistic is at
   * least any one bin's term {@code (O - N p0)^2 / (N p0)}; that term exceeds {@code crit} as soon
   * as O is within {@code margin = N |p1 - p0| - sqrt(crit N p0)} of its mean N p1, which Hoeffding
   * guarantees except with probability {@code 2 exp(-2 margin^2 / N)}. Best bin taken; returned
   * as a base-10 logarithm (the bound itself underflows a double).
   */
  static double log10MissProbabilityBound(double[] p0, double[] alt, double crit) {
    double best = 0;
    for (int i = 0; i < p0.length; i++) {
      double margin = N * Math.abs(alt[i] - p0[i]) - Math.sqrt(crit * N * p0[i]);
      if (margin > 0) {
        best = Math.min(best, Math.log10(2) - 2 * margin * margin / N / Math.log(10));
      }
    }
    return best;
  }
}
