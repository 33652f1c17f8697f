package io.privflow.policy;

import io.privflow.privacy.ReleaseMode;
import java.util.List;

/**
 * The public figures of a release's plan that the policy's rules look at: the size of its domain
 * and, per metric, its release mode, the threshold its noisy counts must reach and the number of
 * empty cells it is expected to publish per window. All follow from the request, the region file
 * and the noise, never from the data.
 */
public record PlanFigures(long domainCells, List<MetricFigures> metrics) {
  public PlanFigures {
    metrics = List.copyOf(metrics);
  }

  /**
   * @param metric the metric's name in requests ({@code od}, {@code presence})
   * @param expectedEmptyPerWindow empty cells expected among those published per window (0 for a
   *     partition selection, which never publishes one)
   */
  public record MetricFigures(String metric, ReleaseMode mode, long threshold, double expectedEmptyPerWindow) {}
}
