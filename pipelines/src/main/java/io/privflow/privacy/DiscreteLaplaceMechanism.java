package io.privflow.privacy;

import java.math.BigInteger;

/**
 * Discrete Laplace noise with scale {@code b = L1 / epsilon}: adding it to a count whose L1
 * sensitivity is {@code L1} gives epsilon-differential privacy (pure DP).
 */
public final class DiscreteLaplaceMechanism implements NoiseMechanism {
  public static final String NAME = "discrete_laplace";

  /** Keeps every intermediate product of the sampler inside a long. */
  static final BigInteger MAX_PART = BigInteger.valueOf(1_000_000_000_000L);

  private final long s;
  private final long t;
  private final Rational scale;

  private DiscreteLaplaceMechanism(Rational scale) {
    if (scale.isZero()) {
      throw new IllegalArgumentException("the noise scale must be positive");
    }
    // scale = t / s
    if (scale.numerator().compareTo(MAX_PART) > 0 || scale.denominator().compareTo(MAX_PART) > 0) {
      throw new IllegalArgumentException("the noise scale " + scale + " has too many digits");
    }
    this.scale = scale;
    this.t = scale.numerator().longValueExact();
    this.s = scale.denominator().longValueExact();
  }

  /** Calibrated for epsilon-DP of counts with the given L1 sensitivity. */
  public static DiscreteLaplaceMechanism forEpsilon(Rational epsilon, long l1Sensitivity) {
    return new DiscreteLaplaceMechanism(Rational.of(l1Sensitivity, 1).dividedBy(epsilon));
  }

  public static DiscreteLaplaceMechanism withScale(Rational scale) {
    return new DiscreteLaplaceMechanism(scale);
  }

  public Rational scale() {
    return scale;
  }

  @Override
  public NoiseSampler newSampler() {
    ExactSampler sampler = new ExactSampler(SecureRandoms.create());
    return () -> sampler.discreteLaplace(s, t);
  }

  /**
   * Zero cells by sampling: p_k = P(Z >= k) from {@link PassProbability#laplace}, and a published
   * value k + G with P[G = g] proportional to exp(-g s/t), the law of Z given Z >= k (for k >= 0,
   * P[Z = z] is proportional to exp(-z s/t) there).
   */
  @Override
  public ZeroCellSampler zeroCellSampler(long minCount) {
    ExactSampler sampler = new ExactSampler(SecureRandoms.create());
    return new SampledZeroCells(sampler, passProbability(minCount),
        () -> Math.addExact(minCount, sampler.geometric(s, t)));
  }

  /** The exact bits of P(Z >= k). */
  ProbabilityBits passProbability(long k) {
    if (k < 0) {
      throw new IllegalArgumentException("min_count must not be negative");
    }
    return new ProbabilityBits(bits -> PassProbability.laplace(scale, k, bits));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NoiseFigures figures() {
    return NoiseFigures.discreteLaplace(scale.toDouble());
  }
}
