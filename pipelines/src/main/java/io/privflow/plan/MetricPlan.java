package io.privflow.plan;

import io.privflow.bounding.ContributionBounder;
import io.privflow.privacy.CellDomain;
import io.privflow.privacy.CountReleaser;
import io.privflow.privacy.Guarantee;
import io.privflow.privacy.Sensitivity;
import java.io.Serializable;

/**
 * One metric of a release: its public domain, its contribution bound, its part of the release's
 * guarantee and its release rule (noise calibrated to that part and the bound's sensitivity, and
 * the threshold k).
 */
public record MetricPlan(
    Metric metric, CellDomain domain, ContributionBounder bounder, Guarantee guarantee, CountReleaser releaser)
    implements Serializable {

  /** What one device can change in this metric's counts. */
  public Sensitivity sensitivity() {
    return bounder.sensitivity();
  }
}
