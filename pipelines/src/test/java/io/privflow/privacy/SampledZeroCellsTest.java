package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

/**
 * The exact Binomial (bit-splitting) against the Binomial pmf, and Floyd's positions against the
 * uniform law on subsets; the Gaussian's values given >= k by both of its paths. Each check fails by
 * chance with probability at most 1e-8 (chi-square p-value below 1e-8, or a mean/variance 6
 * standard errors off: 2e-9); 12 checks, under 2e-7 in all. About 3 s.
 */
class SampledZeroCellsTest {
  static final double ALPHA = 1e-8;
  private static final int N = 40;
  private static final int DRAWS = 200_000;

  private static SampledZeroCells sampler(ProbabilityBits p) {
    return new SampledZeroCells(new ExactSampler(SecureRandoms.create()), p, () -> 0L);
  }

  private static long[] binomialDraws(SampledZeroCells s, int n, int draws) {
    long[] counts = new long[n + 1];
    for (int i = 0; i < draws; i++) {
      counts[(int) s.binomial(n)]++;
    }
    return counts;
  }

  /** Chi-square p-value of observed counts against probabilities, bins merged to expect >= 10. */
  static double chiSquare(double[] probs, long[] observed) {
    long total = java.util.Arrays.stream(observed).sum();
    java.util.List<double[]> bins = new java.util.ArrayList<>();
    double e = 0;
    double o = 0;
    for (int i = 0; i < probs.length; i++) {
      e += probs[i] * total;
      o += observed[i];
      if (e >= 10) {
        bins.add(new double[] {e, o});
        e = 0;
        o = 0;
      }
    }
    if (bins.isEmpty()) {
      throw new AssertionError("too few draws for a chi-square test");
    }
    double[] last = bins.get(bins.size() - 1);
    last[0] += e;
    last[1] += o;
    double stat = 0;
    for (double[] b : bins) {
      stat += (b[1] - b[0]) * (b[1] - b[0]) / b[0];
    }
    if (bins.size() < 2) {
      return 1;
    }
    return 1 - new org.apache.commons.math3.distribution.ChiSquaredDistribution(bins.size() - 1)
        .cumulativeProbability(stat);
  }

  /** Mean within 6 standard errors, variance within 6 (normal approximations), chi-square. */
  static void assertBinomial(long[] counts, int n, double p) {
    int draws = (int) java.util.Arrays.stream(counts).sum();
    double mean = 0;
    double sq = 0;
    for (int i = 0; i <= n; i++) {
      mean += (double) i * counts[i] / draws;
      sq += (double) i * i * counts[i] / draws;
    }
    double var = (sq - mean * mean) * draws / (draws - 1.0);
    double npq = n * p * (1 - p);
    assertTrue(Math.abs(mean - n * p) < 6 * Math.sqrt(npq / draws), "mean " + mean + " vs " + n * p);
    double mu4 = npq * (1 + 3 * (n - 2) * p * (1 - p));
    assertTrue(Math.abs(var - npq) < 6 * Math.sqrt((mu4 - npq * npq) / draws), "variance " + var + " vs " + npq);
    BinomialDistribution law = new BinomialDistribution(null, n, p);
    double[] probs = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      probs[i] = law.probability(i);
    }
    double pValue = chiSquare(probs, counts);
    assertTrue(pValue > ALPHA, "chi-square p-value " + pValue);
  }

  /**
   * Laplace scale 2, k = 3 (p = 0.1389) and Gaussian sigma^2 = 9, k = 5 (p = 0.0659). Planted
   * error: the bits of p_2 = 0.2290 for the Laplace; the mean then sits (p_2 - p_3) 40 / sqrt(40 p_3
   * (1 - p_3) / 200,000) ~ 740 standard errors off, so the check misses it with probability far
   * below 1e-100.
   */
  @Test
  void binomialMatchesThePmf() {
    DiscreteLaplaceMechanism laplace = DiscreteLaplaceMechanism.withScale(Rational.of(2, 1));
    double q = Math.exp(-0.5);
    assertBinomial(binomialDraws(sampler(laplace.passProbability(3)), N, DRAWS), N, q * q * q / (1 + q));
    DiscreteGaussianMechanism gauss = DiscreteGaussianMechanism.forRho(Rational.of(1, 18), 1); // sigma^2 = 9
    assertEquals(Rational.of(9, 1), gauss.sigmaSquared());
    assertBinomial(binomialDraws(sampler(gauss.passProbability(5)), N, DRAWS), N,
        PassProbabilityTest.gaussianTail(9, 5));

    long[] planted = binomialDraws(sampler(laplace.passProbability(2)), N, DRAWS);
    assertThrows(AssertionError.class, () -> assertBinomial(planted, N, q * q * q / (1 + q)),
        "the planted error (p of k - 1) is caught");
  }

  /** Large n: Binomial(2^20, p) with p = 0.0114 (Laplace scale 2, k = 8), 200 draws: the mean. */
  @Test
  void largeCountsHaveTheRightMean() {
    double q = Math.exp(-0.5);
    double p = Math.pow(q, 8) / (1 + q);
    SampledZeroCells s = sampler(DiscreteLaplaceMechanism.withScale(Rational.of(2, 1)).passProbability(8));
    int n = 1 << 20;
    double sum = 0;
    for (int i = 0; i < 200; i++) {
      sum += s.binomial(n);
    }
    double sd = Math.sqrt(n * p * (1 - p) / 200);
    assertTrue(Math.abs(sum / 200 - n * p) < 6 * sd, "mean " + sum / 200 + " vs " + n * p);
    assertEquals(0, s.binomial(0));
  }

  /**
   * Z given Z >= k for sigma^2 = 9, k = 5 (the proposal path), in longs and, with sigma^2 written
   * as 9 2^41 / 2^41, in BigIntegers; and k = 2 (rejection): 20,000 draws each against
   * exp(-z^2/18) / sum over x >= k. Planted: sigma^2 = 12 for the long path is caught (the mean
   * excess over k moves from 0.86 to 1.16, about 38 standard errors of the mean).
   */
  @Test
  void gaussianValuesAtLeastK() {
    ExactSampler s = new ExactSampler(SecureRandoms.create());
    BigInteger nine = BigInteger.valueOf(9);
    BigInteger big = BigInteger.ONE.shiftLeft(41);
    assertGaussianValues(DiscreteGaussianMechanism.atLeast(s, nine, BigInteger.ONE, 5), 9, 5);
    assertGaussianValues(DiscreteGaussianMechanism.atLeast(s, nine.multiply(big), big, 5), 9, 5);
    assertGaussianValues(DiscreteGaussianMechanism.atLeast(s, nine, BigInteger.ONE, 2), 9, 2);
    java.util.function.LongSupplier planted = DiscreteGaussianMechanism.atLeast(s, BigInteger.valueOf(12),
        BigInteger.ONE, 5);
    assertThrows(AssertionError.class, () -> assertGaussianValues(planted, 9, 5), "sigma^2 12 for 9 is caught");
  }

  private static void assertGaussianValues(java.util.function.LongSupplier values, double sigma2, long k) {
    long[] counts = new long[60];
    for (int i = 0; i < 20_000; i++) {
      long z = values.getAsLong();
      assertTrue(z >= k);
      counts[(int) Math.min(59, z - k)]++;
    }
    double[] probs = new double[60];
    double total = 0;
    for (int v = 0; v < 60; v++) {
      probs[v] = Math.exp(-(k + v) * (k + v) / (2 * sigma2));
      total += probs[v];
    }
    for (int v = 0; v < 60; v++) {
      probs[v] /= total;
    }
    double p = chiSquare(probs, counts);
    assertTrue(p > ALPHA, "values given >= k: chi-square p-value " + p);
  }

  /**
   * The README's "about 2 random bits per zero cell": Binomial(2^20, p) reads 2^20 bits at the first
   * bit of p and on average half as many at each next one. Over 10 draws the bytes taken from the
   * generator lie within 10% of 2 bits per trial (the deviation is a few thousand bits in 2^21, plus
   * at most a 1 KiB block per draw: no false failure).
   */
  @Test
  void aboutTwoRandomBitsPerTrial() {
    long[] bytes = new long[1];
    java.security.SecureRandom counting = new java.security.SecureRandom() {
      @Override
      public void nextBytes(byte[] b) {
        bytes[0] += b.length;
        super.nextBytes(b);
      }
    };
    SampledZeroCells s = new SampledZeroCells(new ExactSampler(counting),
        DiscreteLaplaceMechanism.withScale(Rational.of(2, 1)).passProbability(27), () -> 0L); // p ~ 8.5e-7
    int n = 1 << 20;
    for (int i = 0; i < 10; i++) {
      s.binomial(n);
    }
    double bitsPerTrial = bytes[0] * 8.0 / (10.0 * n);
    assertTrue(bitsPerTrial > 1.8 && bitsPerTrial < 2.2, bitsPerTrial + " random bits per trial");
  }

  /** Dense sets (a bit set): all 56 subsets of 3 of 8, 56,000 draws, uniform. */
  @Test
  void denseSubsetsAreUniform() {
    SampledZeroCells s = sampler(DiscreteLaplaceMechanism.withScale(Rational.of(2, 1)).passProbability(3));
    Map<Integer, Long> seen = new HashMap<>();
    for (int i = 0; i < 56_000; i++) {
      int[] set = s.distinct(8, 3);
      assertTrue(set[0] < set[1] && set[1] < set[2] && set[0] >= 0 && set[2] < 8);
      seen.merge((1 << set[0]) | (1 << set[1]) | (1 << set[2]), 1L, Long::sum);
    }
    assertEquals(56, seen.size());
    double[] probs = new double[56];
    java.util.Arrays.fill(probs, 1 / 56.0);
    assertTrue(chiSquare(probs, seen.values().stream().mapToLong(Long::longValue).toArray()) > ALPHA);
  }

  /** Sparse sets (a hash set): 3 of 200, each index equally often, 40,000 draws. */
  @Test
  void sparseSubsetsHaveUniformMarginals() {
    SampledZeroCells s = sampler(DiscreteLaplaceMechanism.withScale(Rational.of(2, 1)).passProbability(3));
    long[] hits = new long[200];
    for (int i = 0; i < 40_000; i++) {
      int[] set = s.distinct(200, 3);
      assertTrue(set[0] < set[1] && set[1] < set[2] && set[0] >= 0 && set[2] < 200);
      for (int c : set) {
        hits[c]++;
      }
    }
    double[] probs = new double[200];
    java.util.Arrays.fill(probs, 1 / 200.0);
    assertTrue(chiSquare(probs, hits) > ALPHA);
    assertEquals(0, s.distinct(200, 0).length);
  }
}
