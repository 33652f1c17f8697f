package io.privflow.report;

import io.privflow.model.NoisyCount;
import io.privflow.plan.MetricPlan;
import io.privflow.privacy.OdDomain;
import java.util.List;

/**
 * One metric's released (noisy, thresholded) cells and the sums the report shows. Sums and counts
 * of released cells are post-processing of the DP output, so they cost no budget.
 */
record ReleasedCells(MetricPlan metric, List<NoisyCount> cells) {

  ReleasedCells {
    cells = List.copyOf(cells);
  }

  long total() {
    return cells.stream().mapToLong(NoisyCount::count).sum();
  }

  long[] totalsPerSlot() {
    long[] t = new long[metric.domain().slots()];
    for (NoisyCount c : cells) {
      t[metric.domain().slotOf(c.cell())] += c.count();
    }
    return t;
  }

  long[] cellsPerSlot() {
    long[] t = new long[metric.domain().slots()];
    for (NoisyCount c : cells) {
      t[metric.domain().slotOf(c.cell())]++;
    }
    return t;
  }

  /** The OD slot shown in the heatmap: the one with the most released mass (the earliest on a tie). */
  int heatmapSlot() {
    long[] t = totalsPerSlot();
    int best = 0;
    for (int i = 1; i < t.length; i++) {
      if (t[i] > t[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Released cells of one OD slot as {origin index, destination index, count}. */
  List<long[]> odSlot(int slot) {
    OdDomain d = (OdDomain) metric.domain();
    return cells.stream().filter(c -> d.slotOf(c.cell()) == slot)
        .map(c -> new long[] {d.originOf(c.cell()), d.destinationOf(c.cell()), c.count()}).toList();
  }
}
