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
 * @param expectedEmptyPerWindow empty cells expected among those published per window
 * @param chances for each true count of interest, the probability that its cell is released
 */
public record MetricForecast(Metric metric, Guarantee guarantee, int bound, ReleaseMode mode, Threshold threshold,
    long cells, long cellsPerWindow, double expectedEmptyPerWindow, NoiseFigures noise, List<ReleaseChance> chances) {

  public MetricForecast {
    chances = List.copyOf(chances);
  }

  /** The threshold k noisy counts must reach. */
  public long minCount() {
    return threshold.value();
  }

  /** P[released] for a cell whose true count is {@code trueCount}; {@code label} says which (e.g. "k-1"). */
  public record ReleaseChance(long trueCount, String label, double probability) {}

  public static MetricForecast of(MetricPlan m) {
    NoiseFigures noise = m.releaser().mechanism().figures();
    long k = m.threshold().value();
    List<ReleaseChance> chances = new ArrayList<>();
    for (long c : NoiseFigures.countsOfInterest(k)) {
      chances.add(new ReleaseChance(c, label(c, k), noise.releaseProbability(c, k)));
    }
    return new MetricForecast(m.metric(), m.guarantee(), m.bounder().max(), m.mode(), m.threshold(),
        m.domain().size(), m.domain().cellsPerSlot(), m.expectedEmptyPerWindow(), noise, chances);
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
