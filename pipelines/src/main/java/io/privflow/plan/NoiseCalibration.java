package io.privflow.plan;

import io.privflow.privacy.Guarantee;
import io.privflow.privacy.NoiseMechanism;
import io.privflow.privacy.Sensitivity;
import java.io.Serializable;

/**
 * Chooses one metric's noise from its guarantee and its sensitivity. A release always uses
 * {@link #exact()}; the seam exists so that tests can run the same plan without noise (their
 * mechanism lives in the test tree, so no release can reach it).
 */
@FunctionalInterface
public interface NoiseCalibration extends Serializable {
  NoiseMechanism calibrate(Guarantee guarantee, Sensitivity sensitivity);

  /** The guarantee's own calibration: Laplace scale L1 / epsilon, or Gaussian sigma^2 = L2^2 / (2 rho). */
  static NoiseCalibration exact() {
    return Guarantee::calibrate;
  }
}
