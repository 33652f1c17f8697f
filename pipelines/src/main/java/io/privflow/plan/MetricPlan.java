package io.privflow.plan;

import io.privflow.bounding.ContributionBounder;
import io.privflow.privacy.CellDomain;
import io.privflow.privacy.CountReleaser;
import io.privflow.privacy.Guarantee;
import io.privflow.privacy.NoiseFigures;
import io.privflow.privacy.ReleaseMode;
import io.privflow.privacy.Sensitivity;
import java.io.Serializable;

/**
 * One metric of a release: its public domain, its contribution bound, its part of the release's
 * guarantee, its release mode and threshold, and its release rule (noise calibrated to that part and
 * the bound's sensitivity, and the threshold).
 */
public record MetricPlan(Metric metric, CellDomain domain, ContributionBounder bounder, Guarantee guarantee,
    ReleaseMode mode, Threshold threshold, CountReleaser releaser) implements Serializable {

  /** What one device can change in this metric's counts. */
  public Sensitivity sensitivity() {
    return bounder.sensitivity();
  }

  /**
   * The production noise of this metric (its guarantee's own calibration, whatever a test injects
   * into the releaser): what every figure the plan and the report state is computed from.
   */
  public NoiseFigures noise() {
    return guarantee.calibrate(sensitivity()).figures();
  }

  /**
   * Empty cells expected among those published per window: every cell with no device whose noise
   * alone reaches the threshold (a full-domain release), none in a partition selection.
   */
  public double expectedEmptyPerWindow() {
    return mode == ReleaseMode.PARTITION_SELECTION || metric.isTotal() ? 0
        : domain.cellsPerSlot() * noise().probabilityAtLeast(threshold.value());
  }
}
