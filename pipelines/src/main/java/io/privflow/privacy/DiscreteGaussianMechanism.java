package io.privflow.privacy;

import java.math.BigInteger;

/**
 * Discrete Gaussian noise with variance parameter {@code sigma^2 = L2^2 / (2 rho)}: adding it to
 * counts whose L2 sensitivity is {@code L2} gives rho-zero-concentrated DP (Bun and Steinke 2016;
 * sampler of Canonne, Kamath and Steinke 2020). For a contribution bound of L distinct cells per
 * device, L2^2 = L.
 */
public final class DiscreteGaussianMechanism implements NoiseMechanism {
  public static final String NAME = "discrete_gaussian";

  private final Rational sigmaSquared;

  private DiscreteGaussianMechanism(Rational sigmaSquared) {
    if (sigmaSquared.isZero()) {
      throw new IllegalArgumentException("sigma^2 must be positive");
    }
    if (sigmaSquared.numerator().bitLength() > 120 || sigmaSquared.denominator().bitLength() > 120) {
      throw new IllegalArgumentException("sigma^2 " + sigmaSquared + " has too many digits");
    }
    this.sigmaSquared = sigmaSquared;
  }

  /** Calibrated for rho-zCDP of counts with squared L2 sensitivity {@code l2Squared}. */
  public static DiscreteGaussianMechanism forRho(Rational rho, long l2Squared) {
    return new DiscreteGaussianMechanism(Rational.of(l2Squared, 2).dividedBy(rho));
  }

  public Rational sigmaSquared() {
    return sigmaSquared;
  }

  @Override
  public NoiseSampler newSampler() {
    ExactSampler sampler = new ExactSampler(SecureRandoms.create());
    BigInteger a = sigmaSquared.numerator();
    BigInteger b = sigmaSquared.denominator();
    return () -> sampler.discreteGaussian(a, b);
  }

  /**
   * Zero cells by sampling: p_k = P(Z >= k) from {@link PassProbability#gaussian}, and a published
   * value from the law of Z given Z >= k (see {@link #atLeast}).
   */
  @Override
  public ZeroCellSampler zeroCellSampler(long minCount) {
    ExactSampler sampler = new ExactSampler(SecureRandoms.create());
    return new SampledZeroCells(sampler, passProbability(minCount), atLeast(sampler, minCount));
  }

  /** The exact bits of P(Z >= k). */
  ProbabilityBits passProbability(long k) {
    if (k < 0) {
      throw new IllegalArgumentException("min_count must not be negative");
    }
    return new ProbabilityBits(bits -> PassProbability.gaussian(sigmaSquared, k, bits));
  }

  /**
   * Z given Z >= k, exactly. For k <= sigma, by drawing Z until it reaches k (each draw does with
   * probability P(Z >= sigma), above 0.15). Beyond, since exp(-(k+y)^2 / (2 sigma^2)) is
   * proportional to exp(-y k / sigma^2) exp(-y^2 / (2 sigma^2)), by proposing y >= 0 with P[y]
   * proportional to exp(-y k / sigma^2) (a geometric with the rational exponent k b / a) and
   * keeping it with probability exp(-y^2 / (2 sigma^2)) = exp(-y^2 b / (2a)); the proposal's mean
   * is about sigma^2 / k < sigma, so most proposals are kept.
   */
  static java.util.function.LongSupplier atLeast(ExactSampler sampler, BigInteger a, BigInteger b, long k) {
    BigInteger bigK = BigInteger.valueOf(k);
    if (bigK.multiply(bigK).multiply(b).compareTo(a) <= 0) {
      return () -> {
        while (true) {
          long z = sampler.discreteGaussian(a, b);
          if (z >= k) {
            return z;
          }
        }
      };
    }
    BigInteger rate = bigK.multiply(b);
    BigInteger twoA = a.shiftLeft(1);
    if (rate.bitLength() <= 40 && twoA.bitLength() <= 40 && b.bitLength() <= 40) {
      // The same steps in longs (about three times faster); y^2 b beyond a long goes to BigIntegers.
      long r = rate.longValueExact();
      long al = a.longValueExact();
      long bl = b.longValueExact();
      long twoAl = twoA.longValueExact();
      return () -> {
        while (true) {
          long y = sampler.geometric(r, al);
          boolean keep;
          if (y < (1L << 11)) { // y^2 b < 2^62
            keep = sampler.bernoulliExp(y * y * bl, twoAl);
          } else {
            BigInteger bigY = BigInteger.valueOf(y);
            keep = sampler.bernoulliExp(bigY.multiply(bigY).multiply(b), twoA);
          }
          if (keep) {
            return Math.addExact(k, y);
          }
        }
      };
    }
    return () -> {
      while (true) {
        BigInteger y = sampler.geometric(rate, a);
        if (sampler.bernoulliExp(y.multiply(y).multiply(b), twoA)) {
          return Math.addExact(k, y.longValueExact());
        }
      }
    };
  }

  private java.util.function.LongSupplier atLeast(ExactSampler sampler, long k) {
    return atLeast(sampler, sigmaSquared.numerator(), sigmaSquared.denominator(), k);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NoiseFigures figures() {
    return NoiseFigures.discreteGaussian(sigmaSquared.toDouble());
  }
}
