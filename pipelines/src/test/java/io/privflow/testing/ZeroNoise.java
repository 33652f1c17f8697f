package io.privflow.testing;

import io.privflow.plan.MechanismFactory;
import io.privflow.privacy.NoiseMechanism;
import io.privflow.privacy.NoiseSampler;

/**
 * TEST ONLY: a "mechanism" that adds no noise, so end-to-end tests can compare released counts
 * with exact expectations. It lives in the test tree, so no release can ever use it.
 */
public final class ZeroNoise implements NoiseMechanism {
  /** A mechanism factory that gives every metric zero noise. */
  public static MechanismFactory factory() {
    return (kind, budget, bound) -> new ZeroNoise();
  }

  @Override
  public NoiseSampler newSampler() {
    return () -> 0L;
  }

  @Override
  public String name() {
    return "zero_noise_TEST_ONLY";
  }

  @Override
  public double standardDeviation() {
    return 0;
  }
}
