package io.privflow.privacy;

import java.math.BigInteger;
import java.util.function.IntFunction;

/**
 * The binary digits of a probability p in [0, 1], each exact: from a rigorous interval [lo, hi]
 * around p, bit j (of p = 0.b1 b2 b3 ...) is known once floor(lo 2^j) = floor(hi 2^j); when it is
 * not, the interval is recomputed with twice the precision. If p itself were a dyadic rational
 * the two ends might never agree at its last digit: after {@link #MAX_BITS} bits it fails closed
 * rather than guess (the p of Laplace and Gaussian noise are irrational, so this does not happen).
 */
final class ProbabilityBits {
  /**
   * The binomial reads bit j only while some trial is undecided after j - 1 bits, which happens with
   * probability below n 2^-(j-1): bit 4,096 is never needed.
   */
  static final int MAX_BITS = 1 << 12;

  private final IntFunction<PassProbability.Interval> bounds;
  private int precision;
  private BigInteger floorLo;
  private int known;

  /** {@code bounds} gives an interval around p with about the requested bits of precision. */
  ProbabilityBits(IntFunction<PassProbability.Interval> bounds) {
    this.bounds = bounds;
    this.precision = 64;
    refine();
  }

  /** Bit j >= 1 after the binary point. */
  boolean bit(int j) {
    while (j > known) {
      refine();
    }
    return floorLo.testBit(precision - j);
  }

  /** How many leading bits are known now (for tests). */
  int known() {
    return known;
  }

  private void refine() {
    if (precision >= MAX_BITS) {
      throw new IllegalStateException("cannot decide the binary digits of a release probability");
    }
    precision *= 2;
    PassProbability.Interval p = bounds.apply(precision);
    BigInteger lo = p.lo().multiply(new java.math.BigDecimal(BigInteger.ONE.shiftLeft(precision)))
        .setScale(0, java.math.RoundingMode.FLOOR).toBigIntegerExact();
    BigInteger hi = p.hi().multiply(new java.math.BigDecimal(BigInteger.ONE.shiftLeft(precision)))
        .setScale(0, java.math.RoundingMode.FLOOR).toBigIntegerExact();
    if (lo.signum() < 0 || hi.bitLength() > precision + 1 || lo.compareTo(hi) > 0) {
      throw new IllegalStateException("a release probability out of [0, 1]");
    }
    floorLo = lo;
    // Bits 1..known agree between the two ends, so they are the bits of p.
    known = Math.max(0, precision - lo.xor(hi).bitLength());
    if (lo.bitLength() > precision) { // p = 1 exactly or lo >= 1: no fractional digits to read
      throw new IllegalStateException("a release probability of 1");
    }
  }
}
