package io.privflow.privacy;

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

  public ExactSampler(SecureRandom random) {
    this.random = random;
  }

  /** Uniform integer in [0, bound): exact (rejection sampling inside the JDK). */
  long uniform(long bound) {
    return random.nextLong(bound);
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
      long u = uniform(t);
      if (!bernoulliExp(u, t)) {
        continue;
      }
      long v = 0;
      while (bernoulliExp(1, 1)) {
        v++;
      }
      long x = Math.addExact(u, Math.multiplyExact(t, v));
      long y = x / s;
      boolean negative = random.nextBoolean();
      if (negative && y == 0) {
        continue;
      }
      return negative ? -y : y;
    }
  }
}
