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

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NoiseFigures figures() {
    return NoiseFigures.discreteGaussian(sigmaSquared.toDouble());
  }
}
