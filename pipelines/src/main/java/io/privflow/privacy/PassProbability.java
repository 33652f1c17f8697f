package io.privflow.privacy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Rigorous intervals for p_k = P(noise >= k), the chance that a zero cell is published under a
 * threshold k >= 0. Every operation rounds outward (the lower end with {@link RoundingMode#FLOOR},
 * the upper with {@link RoundingMode#CEILING}), so the true value always lies inside; doubles
 * appear only to choose how many terms to take, which changes the width, never the validity.
 */
final class PassProbability {
  private PassProbability() {}

  /** A closed interval [lo, hi] of non-negative reals. */
  record Interval(BigDecimal lo, BigDecimal hi) {}

  private static MathContext down(int digits) {
    return new MathContext(digits, RoundingMode.FLOOR);
  }

  private static MathContext up(int digits) {
    return new MathContext(digits, RoundingMode.CEILING);
  }

  /** Decimal digits for about {@code bits} bits of relative precision, with guard digits. */
  static int digits(int bits) {
    return (int) Math.ceil(bits * 0.30103) + 6;
  }

  /**
   * exp(-n/d) for n >= 0, d > 0: c = n / (d 2^s) <= 1/2, where the partial sums of the alternating
   * Taylor series bracket exp(-c) (the terms decrease, so an odd sum lies below and an even one
   * above); then squared s times, rounding outward.
   */
  static Interval expNeg(BigInteger n, BigInteger d, int bits) {
    if (n.signum() == 0) {
      return new Interval(BigDecimal.ONE, BigDecimal.ONE);
    }
    int s = 0;
    while (n.shiftLeft(1).compareTo(d.shiftLeft(s)) > 0) {
      s++;
    }
    BigInteger bigD = d.shiftLeft(s);
    int digits = digits(bits) + s / 3 + 2;
    // Stop at an odd i whose term n^i / (D^i i!) is below 10^-(digits + 2).
    BigInteger eps = BigInteger.TEN.pow(digits + 2);
    BigInteger a = BigInteger.ONE; // S_i = a / b, b = D^i i!
    BigInteger b = BigInteger.ONE;
    BigInteger power = BigInteger.ONE; // n^i
    BigInteger evenA = a;
    BigInteger evenB = b;
    for (int i = 1;; i++) {
      BigInteger step = bigD.multiply(BigInteger.valueOf(i));
      power = power.multiply(n);
      a = a.multiply(step);
      b = b.multiply(step);
      a = (i & 1) == 1 ? a.subtract(power) : a.add(power);
      if ((i & 1) == 0) {
        evenA = a;
        evenB = b;
      } else if (power.multiply(eps).compareTo(b) < 0) {
        break;
      }
    }
    BigDecimal lo = new BigDecimal(a).divide(new BigDecimal(b), down(digits));
    BigDecimal hi = new BigDecimal(evenA).divide(new BigDecimal(evenB), up(digits));
    for (int i = 0; i < s; i++) {
      lo = lo.multiply(lo, down(digits));
      hi = hi.multiply(hi, up(digits));
    }
    return new Interval(lo, hi.min(BigDecimal.ONE));
  }

  /**
   * Discrete Laplace with scale t/s, P[z] proportional to q^|z|, q = exp(-s/t):
   * P(Z >= k) = q^k / (1 + q) for k >= 1 and 1 / (1 + q) for k = 0.
   */
  static Interval laplace(Rational scale, long k, int bits) {
    BigInteger t = scale.numerator();
    BigInteger s = scale.denominator();
    int digits = digits(bits);
    Interval q = expNeg(s, t, bits + 8);
    Interval top = k == 0 ? new Interval(BigDecimal.ONE, BigDecimal.ONE)
        : expNeg(s.multiply(BigInteger.valueOf(k)), t, bits + 8);
    return new Interval(
        top.lo().divide(BigDecimal.ONE.add(q.hi()), down(digits)),
        top.hi().divide(BigDecimal.ONE.add(q.lo()), up(digits)));
  }

  /**
   * Discrete Gaussian with sigma^2 = a/b: P(Z >= k) = T / Z with T = sum over x >= k and Z = the sum
   * over all integers of w(x) = exp(-x^2 / (2 sigma^2)). Terms run to M; the tail beyond M is at
   * most w(M+1) / (1 - r) with r = w(M+2)/w(M+1) (the ratio w(x+1)/w(x) = g^(2x+1), g =
   * exp(-1/(2 sigma^2)), falls with x). The weights come from w(x+1) = w(x) u_x, u_x = g^(2x+1),
   * u_(x+1) = u_x h, h = exp(-1/sigma^2), each product rounded outward.
   */
  static Interval gaussian(Rational sigmaSquared, long k, int bits) {
    BigInteger a = sigmaSquared.numerator();
    BigInteger b = sigmaSquared.denominator();
    double sigma = Math.sqrt(sigmaSquared.toDouble());
    long terms = (long) Math.ceil(sigma * Math.sqrt(2 * (bits + 16) * Math.log(2))) + 2;
    long m = Math.addExact(k, terms);
    if (m > 50_000_000L) {
      throw new IllegalArgumentException("sigma^2 " + sigmaSquared + " is too large for the zero-cell sampler");
    }
    int digits = digits(bits) + (int) Math.ceil(Math.log10(m + 2.0)) + 4;
    MathContext dn = down(digits);
    MathContext upc = up(digits);
    int expBits = (int) Math.ceil(digits / 0.30103) + 8;
    Interval g = expNeg(b, a.shiftLeft(1), expBits);
    Interval h = expNeg(b, a, expBits);
    BigDecimal wLo = BigDecimal.ONE;
    BigDecimal wHi = BigDecimal.ONE;
    BigDecimal uLo = g.lo();
    BigDecimal uHi = g.hi();
    BigDecimal tailLo = k == 0 ? BigDecimal.ONE : BigDecimal.ZERO; // sum over k <= x <= M
    BigDecimal tailHi = tailLo;
    BigDecimal posLo = BigDecimal.ZERO; // sum over 1 <= x <= M
    BigDecimal posHi = BigDecimal.ZERO;
    for (long x = 0; x < m; x++) {
      // w(x+1) and u_(x+1)
      wLo = wLo.multiply(uLo, dn);
      wHi = wHi.multiply(uHi, upc);
      uLo = uLo.multiply(h.lo(), dn);
      uHi = uHi.multiply(h.hi(), upc);
      posLo = posLo.add(wLo, dn);
      posHi = posHi.add(wHi, upc);
      if (x + 1 >= k) {
        tailLo = tailLo.add(wLo, dn);
        tailHi = tailHi.add(wHi, upc);
      }
    }
    // Now w = w(M), u = u_M = w(M+1)/w(M); the rest is below w(M+1) / (1 - u_(M+1)).
    BigDecimal nextHi = wHi.multiply(uHi, upc);
    BigDecimal ratioHi = uHi.multiply(h.hi(), upc);
    if (ratioHi.compareTo(BigDecimal.ONE) >= 0) {
      throw new IllegalStateException("cannot bound the discrete Gaussian tail");
    }
    BigDecimal rest = nextHi.divide(BigDecimal.ONE.subtract(ratioHi, dn), upc);
    tailHi = tailHi.add(rest, upc);
    posHi = posHi.add(rest, upc);
    BigDecimal zLo = BigDecimal.ONE.add(posLo.multiply(BigDecimal.valueOf(2)), dn);
    BigDecimal zHi = BigDecimal.ONE.add(posHi.multiply(BigDecimal.valueOf(2)), upc);
    return new Interval(tailLo.divide(zHi, dn), tailHi.divide(zLo, upc).min(BigDecimal.ONE));
  }
}
