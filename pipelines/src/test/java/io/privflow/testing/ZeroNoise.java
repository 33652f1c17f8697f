package io.privflow.testing;

import io.privflow.plan.NoiseCalibration;
import io.privflow.privacy.NoiseFigures;
import io.privflow.privacy.NoiseMechanism;
import io.privflow.privacy.NoiseSampler;

/**
 * TEST ONLY: a "mechanism" that adds no noise, so end-to-end tests can compare released counts
 * with exact expectations. It lives in the test tree, so no release can ever use it.
 */
public final class ZeroNoise implements NoiseMechanism {
  /** A calibration that gives every metric zero noise. */
  public static NoiseCalibration factory() {
    return (guarantee, sensitivity) -> new ZeroNoise();
  }

  @Override
  public NoiseSampler newSampler() {
    return () -> 0L;
  }

  @Override
  public String name() {
    return "zero_noise_TEST_ONLY";
  }

  /** A discrete Laplace whose scale is so small that it is 0 with probability 1 - e^(-10^307). */
  @Override
  public NoiseFigures figures() {
    return NoiseFigures.discreteLaplace(Double.MIN_NORMAL);
  }
}
