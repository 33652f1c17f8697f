package io.privflow.privacy;

import java.io.Serializable;

/**
 * The per-cell release rule, usable with or without Beam: add noise to the true count, then
 * release the noisy value only if it reaches {@code minCount}. The threshold sees the noisy value,
 * never the true one, so which cells appear is post-processing of a DP output.
 */
public final class CountReleaser implements Serializable {
  /** Returned by {@link #release} for a suppressed cell. */
  public static final long SUPPRESSED = Long.MIN_VALUE;

  private final NoiseMechanism mechanism;
  private final long minCount;

  public CountReleaser(NoiseMechanism mechanism, long minCount) {
    if (minCount < 0) {
      throw new IllegalArgumentException("min_count must not be negative");
    }
    this.mechanism = mechanism;
    this.minCount = minCount;
  }

  public NoiseMechanism mechanism() {
    return mechanism;
  }

  public long minCount() {
    return minCount;
  }

  /**
   * The released count, or {@link #SUPPRESSED}. Since {@code minCount >= 0}, a released count is
   * never negative: with k = 0 a cell is released whenever its noisy count is not negative.
   */
  public long release(long trueCount, NoiseSampler sampler) {
    long noisy = Math.addExact(trueCount, sampler.sample());
    return noisy < minCount ? SUPPRESSED : noisy;
  }
}
