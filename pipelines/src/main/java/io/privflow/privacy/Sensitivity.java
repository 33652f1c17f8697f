package io.privflow.privacy;

import java.io.Serializable;

/**
 * How much one privacy unit (one device) can change a vector of counts: its L1 norm bound, which
 * calibrates Laplace noise, and its squared L2 norm bound, which calibrates Gaussian noise.
 */
public record Sensitivity(long l1, long l2Squared) implements Serializable {

  public Sensitivity {
    if (l1 < 1 || l2Squared < 1) {
      throw new IllegalArgumentException("a sensitivity must be at least 1");
    }
  }

  /**
   * A device that adds 1 to each of at most {@code bound} distinct cells (a transition per pair
   * of adjacent windows, a region per window): L1 = bound, and L2^2 = bound * 1^2 = bound.
   */
  public static Sensitivity distinctCells(int bound) {
    return new Sensitivity(bound, bound);
  }

  /** The L2 sensitivity itself, for reports. */
  public double l2() {
    return Math.sqrt(l2Squared);
  }
}
