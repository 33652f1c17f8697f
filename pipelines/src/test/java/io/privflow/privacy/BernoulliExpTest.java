package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Frequencies of {@link ExactSampler#bernoulliExp(long, long)} against exp(-gamma).
 *
 * <p><b>False-failure probability.</b> Each frequency check draws N = 200,000 trials and allows a
 * deviation of {@code eps = sqrt(ln(2 / ALPHA) / (2 N))} (about 0.0060) from exp(-gamma); by
 * Hoeffding's inequality a correct sampler exceeds it with probability at most ALPHA = 1e-6. There
 * are {@value #RANDOM_ASSERTIONS} random assertions at ALPHA each (gamma = 1/3, 2/6, 1, 2, 5/2,
 * 7/2, and the neighbouring-gamma check, which has its own Hoeffding bound at ALPHA), so the class
 * fails spuriously with probability at most 7e-6 by the union bound. gamma = 0 is deterministic
 * (always true) and cannot fail spuriously.
 */
class BernoulliExpTest {
  static final int N = 200_000;
  static final double ALPHA = 1e-6;
  static final int RANDOM_ASSERTIONS = 7;
  static final double EPS = Math.sqrt(Math.log(2 / ALPHA) / (2.0 * N));

  private final ExactSampler sampler = new ExactSampler(SecureRandoms.create());

  private double frequency(long n, long d, int trials) {
    int hits = 0;
    for (int i = 0; i < trials; i++) {
      if (sampler.bernoulliExp(n, d)) {
        hits++;
      }
    }
    return (double) hits / trials;
  }

  @Test
  void gammaZeroIsAlwaysTrue() {
    for (int i = 0; i < 10_000; i++) {
      assertTrue(sampler.bernoulliExp(0, 1), "exp(-0) = 1: Bernoulli(1) returned false");
      assertTrue(sampler.bernoulliExp(0, 7), "exp(-0/7) = 1: Bernoulli(1) returned false");
    }
  }

  @ParameterizedTest(name = "gamma = {0}/{1}")
  @CsvSource({"1,3", "2,6", "1,1", "2,1", "5,2", "7,2"})
  void frequencyMatchesExpMinusGamma(long n, long d) {
    double expected = Math.exp(-(double) n / d);
    double f = frequency(n, d, N);
    System.out.printf("gamma=%d/%d: frequency %.5f, exp(-gamma) %.5f, eps %.5f%n", n, d, f, expected, EPS);
    assertEquals(expected, f, EPS, String.format(
        "Bernoulli(exp(-%d/%d)) frequency %.5f over %d trials is more than %.5f from %.5f; a "
            + "correct sampler fails this with probability <= %g (Hoeffding), class total <= %g",
        n, d, f, N, EPS, expected, ALPHA, RANDOM_ASSERTIONS * ALPHA));
  }

  /**
   * The same Hoeffding bound is narrow enough to tell neighbouring gammas apart: frequencies at
   * gamma = 1/3 and 1/2 differ by exp(-1/3) - exp(-1/2) = 0.110, far above 2 eps = 0.012, so a
   * sampler that ignored its arguments would fail. Each frequency is within eps of its mean except
   * with probability ALPHA / 2 (Hoeffding, two-sided), so this check fails spuriously with
   * probability at most ALPHA.
   */
  @Test
  void distinguishesNeighbouringGammas() {
    double eps = Math.sqrt(Math.log(2 / (ALPHA / 2)) / (2.0 * N));
    double third = frequency(1, 3, N);
    double half = frequency(1, 2, N);
    double gap = Math.exp(-1.0 / 3) - Math.exp(-0.5);
    assertEquals(gap, third - half, 2 * eps, String.format(
        "frequency(1/3) - frequency(1/2) = %.5f, expected %.5f +- %.5f (false failure <= %g)",
        third - half, gap, 2 * eps, ALPHA));
  }

  @Test
  void hoeffdingToleranceIsAsStated() {
    assertTrue(EPS > 0.005 && EPS < 0.007, "eps = " + EPS);
  }
}
