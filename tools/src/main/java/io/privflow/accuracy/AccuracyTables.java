package io.privflow.accuracy;

import java.util.List;
import java.util.Locale;

/** The command's markdown: the truth table and one row per metric and setting. */
final class AccuracyTables {
  private AccuracyTables() {}

  /** One measured row: which metric and setting, and its figures. */
  record Row(String metric, Setting setting, Measurement.Figures figures) {}

  static final String NOTE = "Custodian-only: these figures are computed from the true counts. A time slot (\"window\""
      + " below) is a window of presence counts, or a pair of adjacent windows of OD counts. Cell figures are against"
      + " the bounded counts (what the release noises); window totals against the unbounded true totals.";

  static String truth(TruthPipeline.Truth t) {
    StringBuilder b = new StringBuilder();
    b.append("Devices located in at least one window: ").append(String.format(Locale.ROOT, "%,d", t.devices()))
        .append("\n\n");
    b.append("| metric | time slots | cells per slot | cells | true total | bounded total | lost to the bound"
        + " | non-empty cells | non-empty after the bound | cells >= " + Measurement.LARGE + " after the bound"
        + " | largest cell | true total per slot (mean) | bounded total per slot (mean) |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (MetricTruth m : t.metrics()) {
      long total = MetricTruth.sum(m.unbounded());
      long bounded = MetricTruth.sum(m.bounded());
      b.append(String.format(Locale.ROOT,
          "| %s | %d | %,d | %,d | %,d | %,d | %s | %,d | %,d | %,d | %,d | %,.1f | %,.1f |%n",
          m.metric(), m.domain().slots(), m.domain().cellsPerSlot(), m.domain().size(), total, bounded,
          percent(total == 0 ? Double.NaN : (total - bounded) / (double) total),
          MetricTruth.cellsAtLeast(m.unbounded(), 1),
          MetricTruth.cellsAtLeast(m.bounded(), 1), MetricTruth.cellsAtLeast(m.bounded(), Measurement.LARGE),
          MetricTruth.max(m.unbounded()), total / (double) m.domain().slots(), bounded / (double) m.domain().slots()));
    }
    return b.toString();
  }

  static String settings(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    b.append("| metric | mode | budget | threshold rule | k | published / window | empty share | empty / window"
        + " | plan: empty / window | non-empty cells published | recall >= 2k | large cells published"
        + " | MAE >= " + Measurement.LARGE
        + " | MRE >= " + Measurement.LARGE + " | 95% coverage, noised | 95% coverage, published"
        + " | totals: mean error | totals: median rel. error |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      Measurement.Figures f = r.figures();
      b.append(String.format(Locale.ROOT,
          "| %s | %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          r.metric(), r.setting().mode().label(), r.setting().budgetLabel(), r.setting().ruleLabel(), f.k(),
          number(f.publishedPerWindow()), percent(f.emptyShare()), number(f.emptyPerWindow()),
          number(f.plannedEmptyPerWindow()), ofCells(f.nonEmptyPublished(), f.nonEmpty()),
          ofCells(f.recall2k(), f.flowsAtLeast2k()),
          ofCells(f.largePublished(), f.large()), number(f.meanAbsError()), percent(f.meanRelError()),
          percent(f.coverageNoised()), percent(f.coveragePublished()), signed(f.totalsMeanError()),
          percent(f.totalsMedianRelError())));
    }
    return b.toString();
  }

  /** A share as a percentage, to one decimal (two below 1%, none from 1,000%); "-" when undefined. */
  static String percent(double share) {
    if (Double.isNaN(share)) {
      return "-";
    }
    double p = 100 * share;
    String format = p != 0 && Math.abs(p) < 1 ? "%.2f%%" : Math.abs(p) >= 1000 ? "%,.0f%%" : "%.1f%%";
    return String.format(Locale.ROOT, format, p);
  }

  /** A figure to three significant digits (whole numbers above 1,000); "-" when undefined. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (v == 0) {
      return "0";
    }
    if (Math.abs(v) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
  }

  static String signed(double v) {
    return Double.isNaN(v) || v <= 0 ? number(v) : "+" + number(v);
  }

  /** "87.5% of 40": a share of a number of cells. */
  static String ofCells(double share, long cells) {
    return cells == 0 ? "- (no cell)" : percent(share) + " of " + String.format(Locale.ROOT, "%,d", cells);
  }
}
