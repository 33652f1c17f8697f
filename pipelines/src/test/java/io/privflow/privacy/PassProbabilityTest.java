package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rigorous intervals of p_k = P(noise >= k) hold a double computation of the same value and
 * are narrow; their bits are exact; an undecidable bit fails closed. Deterministic, under 1 s.
 */
class PassProbabilityTest {
  private static final MathContext MC = MathContext.DECIMAL64;

  /** lo <= hi, the double inside up to its own rounding, and the width below 2^-bits relative. */
  private static void assertHolds(PassProbability.Interval p, double expected, int bits) {
    assertTrue(p.lo().compareTo(p.hi()) <= 0, "lo > hi");
    assertTrue(p.lo().signum() > 0, "p_k must be positive");
    double lo = p.lo().doubleValue();
    double hi = p.hi().doubleValue();
    assertTrue(expected >= lo * (1 - 1e-12) && expected <= hi * (1 + 1e-12),
        "double " + expected + " outside [" + lo + ", " + hi + "]");
    BigDecimal width = p.hi().subtract(p.lo()).divide(p.lo(), MC);
    assertTrue(width.compareTo(BigDecimal.valueOf(Math.pow(2, -bits))) < 0, "too wide: " + width);
  }

  @ParameterizedTest
  @CsvSource({"0,1", "1,10", "1,2", "2,3", "7,1", "709,1", "1,1000000000000", "123456789,1000"})
  void expNegBracketsMathExp(long n, long d) {
    PassProbability.Interval e = PassProbability.expNeg(BigInteger.valueOf(n), BigInteger.valueOf(d), 128);
    assertHolds(e, Math.exp(-(double) n / d), 120);
  }

  /** q = exp(-1/scale); P(Z >= k) = q^k / (1 + q), k >= 1, and 1 / (1 + q) at k = 0. */
  @ParameterizedTest
  @CsvSource({"2,1,0", "2,1,1", "2,1,3", "2,1,27", "1,2,5", "100,1,50", "7,3,4", "1,10,3"})
  void laplaceAgainstDoubles(long num, long den, long k) {
    double q = Math.exp(-(double) den / num);
    double expected = Math.pow(q, k) / (1 + q);
    for (int bits : new int[] {64, 256}) {
      assertHolds(PassProbability.laplace(Rational.of(num, den), k, bits), expected, bits - 4);
    }
  }

  /** The sums over the integers in doubles, far into both tails (terms below 1e-300 vanish). */
  static double gaussianTail(double sigma2, long k) {
    double all = 0;
    double tail = 0;
    long reach = (long) Math.ceil(40 * Math.sqrt(sigma2)) + 40 + Math.abs(k);
    for (long x = -reach; x <= reach; x++) {
      double w = Math.exp(-(double) x * x / (2 * sigma2));
      all += w;
      if (x >= k) {
        tail += w;
      }
    }
    return tail / all;
  }

  @ParameterizedTest
  @CsvSource({"9,1,0", "9,1,3", "9,1,5", "1,2,0", "1,2,2", "25,1,24", "25,1,12", "1000,1,40", "50,3,7",
      "1,100,1"})
  void gaussianAgainstDoubles(long num, long den, long k) {
    double expected = gaussianTail((double) num / den, k);
    for (int bits : new int[] {64, 256}) {
      assertHolds(PassProbability.gaussian(Rational.of(num, den), k, bits), expected, bits - 4);
    }
  }

  /** The bits handed to the sampler are those of the value (checked against a double's 40 bits). */
  @Test
  void bitsAreThoseOfTheValue() {
    double p = Math.exp(-1.5) / (1 + Math.exp(-0.5)); // scale 2, k = 3
    ProbabilityBits bits = DiscreteLaplaceMechanism.withScale(Rational.of(2, 1)).passProbability(3);
    double rebuilt = 0;
    for (int j = 1; j <= 40; j++) {
      rebuilt += bits.bit(j) ? Math.pow(2, -j) : 0;
    }
    assertEquals(p, rebuilt, Math.pow(2, -39));
    assertTrue(bits.bit(500) || !bits.bit(500), "deep bits refine the interval");
    assertTrue(bits.known() >= 500);
  }

  /** An interval that never excludes 1/2 never decides bit 1: fail closed, never guess. */
  @Test
  void anUndecidableBitFailsClosed() {
    ProbabilityBits bits = new ProbabilityBits(precision -> {
      BigDecimal eps = BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(precision + 1)));
      BigDecimal half = new BigDecimal("0.5");
      return new PassProbability.Interval(half.subtract(eps), half.add(eps));
    });
    assertThrows(IllegalStateException.class, () -> bits.bit(1));
  }
}
