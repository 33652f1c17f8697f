package io.privflow.plan;

import io.privflow.privacy.Guarantee;
import io.privflow.privacy.NoiseFigures;
import java.util.ArrayList;
import java.util.List;

/**
 * What one metric's noise and threshold mean for its cells, from public parameters only.
 *
 * @param guarantee the metric's part of the release's guarantee
 * @param bound contributions kept per device (L or W): the L1 sensitivity
 * @param cellsPerWindow cells of one window (one time slot) of the domain, every one of them noised
 * @param chances for each true count of interest, the probability that its cell is released
 */
public record MetricForecast(Metric metric, Guarantee guarantee, int bound, long minCount, long cells,
    long cellsPerWindow, NoiseFigures noise, List<ReleaseChance> chances) {

  public MetricForecast {
    chances = List.copyOf(chances);
  }

  /**
   * P[released] for a cell whose true count is {@code trueCount}; {@code label} says which (e.g. "k-1");
   * {@code coverageIfReleased} is how often the 95% interval of such a cell holds its true count
   * when the cell is published.
   */
  public record ReleaseChance(long trueCount, String label, double probability, double coverageIfReleased) {}

  /** The probability that an empty cell (true count 0) is published: P[noise >= k]. */
  public double emptyCellReleaseProbability() {
    return noise.releaseProbability(0, minCount);
  }

  /**
   * Expected published empty cells in a window whose cells are all empty: cells per window times
   * P[noise >= k]; with fewer empty cells, proportionally fewer.
   */
  public double expectedEmptyCellsPerWindow() {
    return cellsPerWindow * emptyCellReleaseProbability();
  }

  /**
   * What those published empty cells add on average to the window's sum of published counts: cells
   * per window times E[noise; noise >= k] (their noisy count is their noise).
   */
  public double expectedEmptySumPerWindow() {
    return cellsPerWindow * noise.expectedAtLeast(minCount);
  }

  public static MetricForecast of(MetricPlan m) {
    NoiseFigures noise = m.releaser().mechanism().figures();
    long k = m.releaser().minCount();
    List<ReleaseChance> chances = new ArrayList<>();
    for (long c : NoiseFigures.countsOfInterest(k)) {
      chances.add(new ReleaseChance(c, label(c, k), noise.releaseProbability(c, k), noise.coverageIfReleased(c, k)));
    }
    return new MetricForecast(m.metric(), m.guarantee(), m.bounder().max(), k, m.domain().size(),
        m.domain().cellsPerSlot(), noise, chances);
  }

  /** Names a count by the multiples of k it stands for: "0", "1 = k-1", "20 = 2k". */
  static String label(long c, long k) {
    List<String> names = new ArrayList<>();
    if (k > 0) {
      for (long f : new long[] {1, 2, 5, 10}) {
        if (c == f * k) {
          names.add(f == 1 ? "k" : f + "k");
        }
      }
      if (c == k - 1) {
        names.add("k-1");
      }
    }
    return names.isEmpty() ? Long.toString(c) : c + " = " + String.join(" = ", names);
  }
}
