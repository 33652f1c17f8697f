package io.privflow.plan;

import io.privflow.privacy.DiscreteGaussianMechanism;
import io.privflow.privacy.DiscreteLaplaceMechanism;
import io.privflow.privacy.NoiseMechanism;
import io.privflow.privacy.Rational;
import io.privflow.request.ReleaseRequest;

/** Chooses the noise of one metric from its budget and bound. */
@FunctionalInterface
public interface MechanismFactory {
  NoiseMechanism create(ReleaseRequest.Mechanism kind, Rational budget, int bound);

  /**
   * Production calibration. Each device adds 1 to at most {@code bound} distinct cells, so L1 =
   * bound and L2^2 = bound: Laplace scale bound/epsilon; Gaussian sigma^2 = bound/(2 rho).
   */
  static MechanismFactory calibrated() {
    return (kind, budget, bound) -> switch (kind) {
      case DISCRETE_LAPLACE -> DiscreteLaplaceMechanism.forEpsilon(budget, bound);
      case DISCRETE_GAUSSIAN -> DiscreteGaussianMechanism.forRho(budget, bound);
    };
  }
}
