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
  private final boolean thresholded;

  public CountReleaser(NoiseMechanism mechanism, long minCount) {
    if (minCount < 0) {
      throw new IllegalArgumentException("min_count must not be negative");
    }
    this.mechanism = mechanism;
    this.minCount = minCount;
    this.thresholded = true;
  }

  private CountReleaser(NoiseMechanism mechanism) {
    this.mechanism = mechanism;
    this.minCount = 0;
    this.thresholded = false;
  }

  /**
   * Releases every noisy value, negative ones included: for counts whose cells are all published
   * anyway (a window's total), so that their noise averages out instead of being cut at 0.
   */
  public static CountReleaser everyValue(NoiseMechanism mechanism) {
    return new CountReleaser(mechanism);
  }

  /** Whether a noisy value below {@link #minCount()} is suppressed. */
  public boolean thresholded() {
    return thresholded;
  }

  public NoiseMechanism mechanism() {
    return mechanism;
  }

  public long minCount() {
    return minCount;
  }

  /**
   * The released count, or {@link #SUPPRESSED}. Since {@code minCount >= 0}, a thresholded count is
   * never negative: with k = 0 a cell is released whenever its noisy count is not negative. An
   * unthresholded one ({@link #everyValue}) is always released and may be negative.
   */
  public long release(long trueCount, NoiseSampler sampler) {
    long noisy = Math.addExact(trueCount, sampler.sample());
    return thresholded && noisy < minCount ? SUPPRESSED : noisy;
  }
}
