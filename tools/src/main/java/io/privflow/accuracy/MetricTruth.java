package io.privflow.accuracy;

import io.privflow.privacy.CellDomain;

/**
 * The exact counts of one metric over its whole public domain (custodian-only): {@code bounded},
 * what the release noises (each device's contributions cut to the plan's bound), and
 * {@code unbounded}, every contribution kept, so the loss to the bound shows separately.
 */
record MetricTruth(String metric, CellDomain domain, int[] bounded, int[] unbounded) {

  MetricTruth {
    if (bounded.length != domain.size() || unbounded.length != domain.size()) {
      throw new IllegalArgumentException("a truth needs one count per cell of the domain");
    }
  }

  /** Sum of the unbounded counts per slot (window): the true per-window totals. */
  long[] unboundedTotals() {
    return totals(unbounded);
  }

  long[] boundedTotals() {
    return totals(bounded);
  }

  private long[] totals(int[] counts) {
    long[] t = new long[domain.slots()];
    for (int c = 0; c < counts.length; c++) {
      t[domain.slotOf(c)] += counts[c];
    }
    return t;
  }

  static long sum(int[] counts) {
    long s = 0;
    for (int c : counts) {
      s += c;
    }
    return s;
  }

  static long cellsAtLeast(int[] counts, long min) {
    long n = 0;
    for (int c : counts) {
      if (c >= min) {
        n++;
      }
    }
    return n;
  }

  static int max(int[] counts) {
    int m = 0;
    for (int c : counts) {
      m = Math.max(m, c);
    }
    return m;
  }
}
