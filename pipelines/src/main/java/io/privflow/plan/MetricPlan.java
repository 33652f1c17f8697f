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
    ReleaseMode mode, Threshold threshold, CountReleaser releaser, String level) implements Serializable {

  /** A metric of a release over one level of regions. */
  public MetricPlan(Metric metric, CellDomain domain, ContributionBounder bounder, Guarantee guarantee,
      ReleaseMode mode, Threshold threshold, CountReleaser releaser) {
    this(metric, domain, bounder, guarantee, mode, threshold, releaser, null);
  }

  /**
   * The metric's name with its level in a region hierarchy ({@code od_kommune}); the metric's own
   * name otherwise, and for window totals, which are the same at every level.
   */
  public String label() {
    return level == null ? metric.label() : metric.label() + "_" + level;
  }

  /** Its output files are {@code <stem>.parquet} and {@code <stem>.csv}: {@code od_counts_kommune}. */
  public String fileStem() {
    return level == null ? metric.fileStem() : metric.fileStem() + "_" + level;
  }

  /** The stem of its raw noisy tables in a region hierarchy: {@code od_counts_kommune_raw}. */
  public String rawFileStem() {
    return fileStem() + "_raw";
  }

  /** The name its raw noisy values are staged under, in a region hierarchy. */
  public String rawLabel() {
    return label() + "_raw";
  }

  /** The name a coarse level's values in unpublished fine cells are staged under. */
  public String unpublishedLabel() {
    return label() + "_fine_unpublished";
  }

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
