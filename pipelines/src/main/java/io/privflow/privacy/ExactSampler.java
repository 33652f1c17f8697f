package io.privflow.privacy;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Exact samplers for discrete noise after Canonne, Kamath and Steinke, "The Discrete Gaussian for
 * Differential Privacy" (NeurIPS 2020), Algorithms 1 and 2. Every step is a Bernoulli trial with a
 * rational probability decided by comparing uniform integers, so there is no floating point and no
 * rounding error to attack (Mironov 2012). Parameters are bounded so every product fits a long;
 * {@link Math#multiplyExact} guards it anyway and fails closed.
 */
public final class ExactSampler {
  private final SecureRandom random;
  private final SecureBits bits;

  public ExactSampler(SecureRandom random) {
    this.random = random;
    this.bits = new SecureBits(random);
  }

  /** Uniform integer in [0, bound), exact. */
  long uniform(long bound) {
    return bits.uniform(bound);
  }

  /** Bernoulli(n / d) for 0 <= n <= d. */
  boolean bernoulli(long n, long d) {
    return uniform(d) < n;
  }

  /** Bernoulli(exp(-n/d)) for n >= 0, d > 0 (CKS Algorithm 1, extended to gamma > 1). */
  boolean bernoulliExp(long n, long d) {
    while (n > d) {
      if (!bernoulliExpAtMostOne(1, 1)) {
        return false;
      }
      n -= d;
    }
    return bernoulliExpAtMostOne(n, d);
  }

  /** Bernoulli(exp(-gamma)) for gamma = n/d in [0, 1]: K is odd with probability exp(-gamma). */
  private boolean bernoulliExpAtMostOne(long n, long d) {
    long k = 1;
    while (bernoulli(n, Math.multiplyExact(d, k))) {
      k++;
    }
    return (k & 1) == 1;
  }

  /**
   * Discrete Laplace with scale t/s: P[Z = z] proportional to exp(-|z| s / t) (CKS Algorithm 2).
   *
   * @param s numerator of 1/scale, positive
   * @param t denominator of 1/scale, positive
   */
  public long discreteLaplace(long s, long t) {
    while (true) {
      long y = geometric(s, t);
      boolean negative = bits.nextBoolean();
      if (negative && y == 0) {
        continue;
      }
      return negative ? -y : y;
    }
  }

  /**
   * Geometric on {0, 1, 2, ...}: P[Y = y] proportional to exp(-y s / t), the magnitude step of CKS
   * Algorithm 2: X = U + tV with U uniform in [0, t) kept with probability exp(-U/t) and
   * P[V = v] proportional to exp(-v) has P[X = x] proportional to exp(-x/t); Y = floor(X / s).
   */
  long geometric(long s, long t) {
    while (true) {
      long u = uniform(t);
      if (!bernoulliExp(u, t)) {
        continue;
      }
      long v = 0;
      while (bernoulliExp(1, 1)) {
        v++;
      }
      long x = Math.addExact(u, Math.multiplyExact(t, v));
      return x / s;
    }
  }

  /** {@link #geometric(long, long)} for big s and t: P[Y = y] proportional to exp(-y s / t). */
  BigInteger geometric(BigInteger s, BigInteger t) {
    while (true) {
      BigInteger u = uniform(t);
      if (!bernoulliExp(u, t)) {
        continue;
      }
      long v = 0;
      while (bernoulliExp(1, 1)) {
        v++;
      }
      return u.add(t.multiply(BigInteger.valueOf(v))).divide(s);
    }
  }

  /** Binomial(m, 1/2), exactly: the set bits among m fair bits, 64 to a generator long. */
  long fairBitCount(long m) {
    long h = 0;
    for (; m >= 64; m -= 64) {
      h += Long.bitCount(bits.nextLong());
    }
    if (m > 0) {
      h += Long.bitCount(bits.nextLong() & ((1L << m) - 1));
    }
    return h;
  }

  /**
   * Discrete Gaussian with variance parameter sigma^2 = a/b: P[Z = z] proportional to
   * exp(-z^2 / (2 sigma^2)) (CKS Algorithm 3). Products here outgrow a long, so the final
   * Bernoulli runs on BigIntegers.
   */
  public long discreteGaussian(BigInteger a, BigInteger b) {
    // t = floor(sigma) + 1, and floor(sqrt(a/b)) == floor(sqrt(floor(a/b))) for integers.
    long t = a.divide(b).sqrt().longValueExact() + 1;
    BigInteger bt = b.multiply(BigInteger.valueOf(t));
    BigInteger denominator = BigInteger.TWO.multiply(a).multiply(bt).multiply(BigInteger.valueOf(t));
    while (true) {
      long y = discreteLaplace(1, t);
      // gamma = (|y| - sigma^2/t)^2 / (2 sigma^2) = (|y| b t - a)^2 / (2 a b t^2)
      BigInteger diff = BigInteger.valueOf(Math.abs(y)).multiply(bt).subtract(a);
      if (bernoulliExp(diff.multiply(diff), denominator)) {
        return y;
      }
    }
  }

  /** Uniform BigInteger in [0, bound), by rejection on the bound's bit length. */
  BigInteger uniform(BigInteger bound) {
    if (bound.bitLength() < 63) {
      return BigInteger.valueOf(uniform(bound.longValueExact()));
    }
    BigInteger r;
    do {
      r = new BigInteger(bound.bitLength(), random);
    } while (r.compareTo(bound) >= 0);
    return r;
  }

  /** Bernoulli(exp(-n/d)) for big n/d >= 0. */
  boolean bernoulliExp(BigInteger n, BigInteger d) {
    BigInteger whole = n.divide(d);
    for (BigInteger i = BigInteger.ZERO; i.compareTo(whole) < 0; i = i.add(BigInteger.ONE)) {
      if (!bernoulliExpAtMostOne(1, 1)) {
        return false;
      }
    }
    BigInteger rest = n.subtract(whole.multiply(d));
    BigInteger k = BigInteger.ONE;
    while (uniform(d.multiply(k)).compareTo(rest) < 0) {
      k = k.add(BigInteger.ONE);
    }
    return k.testBit(0);
  }
}
