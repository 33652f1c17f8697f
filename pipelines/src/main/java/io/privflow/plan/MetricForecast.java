package io.privflow.plan;

import io.privflow.privacy.Guarantee;
import io.privflow.privacy.NoiseFigures;
import io.privflow.privacy.ReleaseMode;
import java.util.ArrayList;
import java.util.List;

/**
 * What one metric's noise and threshold mean for its cells, from public parameters only.
 *
 * @param guarantee the metric's part of the release's guarantee
 * @param bound contributions kept per device (L or W): the L1 sensitivity
 * @param threshold the threshold noisy counts must reach, and where it comes from
 * @param cellsPerWindow cells of one window (one time slot) of the domain
 * @param chances for each true count of interest, the probability that its cell is released
 */
public record MetricForecast(Metric metric, Guarantee guarantee, int bound, ReleaseMode mode, Threshold threshold,
    long cells, long cellsPerWindow, NoiseFigures noise, List<ReleaseChance> chances, String level) {

  /** The metric's name with its level in a region hierarchy ({@code od_kommune}). */
  public String label() {
    return level == null ? metric.label() : metric.label() + "_" + level;
  }

  public MetricForecast {
    chances = List.copyOf(chances);
  }

  /** The threshold k noisy counts must reach. */
  public long minCount() {
    return threshold.value();
  }

  /**
   * P[released] for a cell whose true count is {@code trueCount}; {@code label} says which (e.g. "k-1");
   * {@code coverageIfReleased} is how often the 95% interval of such a cell holds its true count
   * when the cell is published.
   */
  public record ReleaseChance(long trueCount, String label, double probability, double coverageIfReleased) {}

  /**
   * The probability that an empty cell (true count 0) is published: P[noise >= k] when every cell
   * of the domain is noised; 0 in a partition selection, where an empty cell never gets noise.
   */
  public double emptyCellReleaseProbability() {
    return mode == ReleaseMode.PARTITION_SELECTION ? 0 : noise.releaseProbability(0, minCount());
  }

  /** The shares of non-empty cells for which the plan states the share of published cells that are empty. */
  public static final List<Double> NON_EMPTY_SHARES = List.of(0.01, 0.1, 0.5);

  /**
   * At most how much of the published cells is expected to be empty when {@code nonEmptyShare} of
   * the cells hold devices: empty cells are published with P[Z >= k], cells holding devices with
   * at least P[Z >= k - 1] (the chance of a cell holding one device), so this bounds the share from
   * above. 0 in a partition selection.
   */
  public double emptyShareOfPublished(double nonEmptyShare) {
    double fake = (1 - nonEmptyShare) * emptyCellReleaseProbability();
    if (fake == 0) {
      return 0;
    }
    double real = nonEmptyShare * noise.releaseProbability(1, minCount());
    return fake / (fake + real);
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
    return mode == ReleaseMode.PARTITION_SELECTION ? 0 : cellsPerWindow * noise.expectedAtLeast(minCount());
  }

  public static MetricForecast of(MetricPlan m) {
    NoiseFigures noise = m.releaser().mechanism().figures();
    long k = m.threshold().value();
    List<ReleaseChance> chances = new ArrayList<>();
    for (long c : NoiseFigures.countsOfInterest(k)) {
      // In a partition selection a cell without devices gets no noise and is never published.
      boolean never = c == 0 && m.mode() == ReleaseMode.PARTITION_SELECTION;
      chances.add(new ReleaseChance(c, label(c, k), never ? 0 : noise.releaseProbability(c, k),
          never ? Double.NaN : noise.coverageIfReleased(c, k)));
    }
    return new MetricForecast(m.metric(), m.guarantee(), m.bounder().max(), m.mode(), m.threshold(),
        m.domain().size(), m.domain().cellsPerSlot(), noise, chances, m.level());
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
