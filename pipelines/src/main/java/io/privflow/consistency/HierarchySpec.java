package io.privflow.consistency;

import java.io.Serializable;

/**
 * What the consistency step of one cell metric needs, all public: how fine cells add up into
 * coarse ones, the variance of each level's noise (from its calibration, never from data), the
 * threshold each level's consistent values must reach to be published, and whether the noisy
 * cells come from a partition selection (only selected cells measured) or the full domain.
 *
 * @param totalVariance the variance of the window totals' noise, or NaN when no totals are measured
 */
public record HierarchySpec(LevelMap map, double fineVariance, double coarseVariance, double totalVariance,
    long fineThreshold, long coarseThreshold, boolean selection) implements Serializable {

  public boolean hasTotals() {
    return !Double.isNaN(totalVariance);
  }
}
