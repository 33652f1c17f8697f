package io.privflow.bounding;

import io.privflow.model.DeviceTrajectory;
import io.privflow.privacy.CellDomain;
import io.privflow.privacy.CountReleaser;
import io.privflow.privacy.NoiseSampler;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The release mechanism in plain Java: bound each device, count per cell, noise every cell of the
 * domain, threshold the noisy values. The Beam pipeline runs the same {@link ContributionBounder}
 * and {@link CountReleaser}; this form exists so the mechanism can be audited (run many thousand
 * times on neighbouring datasets) without starting a pipeline.
 */
public final class CountRelease {
  private CountRelease() {}

  /** Released value per domain cell, or {@link CountReleaser#SUPPRESSED}. */
  public static long[] run(Iterable<DeviceTrajectory> devices, ContributionBounder bounder, CellDomain domain,
      CountReleaser releaser, NoiseSampler sampler, SecureRandom random) {
    long[] counts = trueCounts(devices, bounder, domain, random);
    long[] out = new long[counts.length];
    for (int c = 0; c < counts.length; c++) {
      out[c] = releaser.release(counts[c], sampler);
    }
    return out;
  }

  /**
   * A partition selection: only cells holding at least one bounded contribution get noise and can
   * be released (see AddNoiseAndThreshold); every other cell is {@link CountReleaser#SUPPRESSED}.
   */
  public static long[] runSelection(Iterable<DeviceTrajectory> devices, ContributionBounder bounder, CellDomain domain,
      CountReleaser releaser, NoiseSampler sampler, SecureRandom random) {
    long[] counts = trueCounts(devices, bounder, domain, random);
    long[] out = new long[counts.length];
    for (int c = 0; c < counts.length; c++) {
      out[c] = counts[c] == 0 ? CountReleaser.SUPPRESSED : releaser.release(counts[c], sampler);
    }
    return out;
  }

  /** Bounded true counts per cell (an intermediate: never released as such). */
  public static long[] trueCounts(Iterable<DeviceTrajectory> devices, ContributionBounder bounder, CellDomain domain,
      SecureRandom random) {
    long[] counts = new long[Math.toIntExact(domain.size())];
    for (DeviceTrajectory t : devices) {
      for (long cell : bounder.cells(t, random)) {
        counts[(int) cell]++;
      }
    }
    return counts;
  }

  /** Released values restricted to some cells (for audits that look only there). */
  public static long[] select(long[] released, int[] cells) {
    return Arrays.stream(cells).mapToLong(c -> released[c]).toArray();
  }
}
