package io.privflow.report;

import io.privflow.plan.ReleaseForecast;
import io.privflow.privacy.ReleaseMode;
import io.privflow.privacy.Guarantee;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The report's sentences that depend on figures, each written from the figures passed in, so that
 * what it says is true at every epsilon and for every table: report.json carries the sentence next
 * to its figures, and report.html prints it. No number in them has more than 6 significant digits.
 */
final class Wording {
  private Wording() {}

  /** What a home metric's home_region means, from the request's night rule. */
  static String home(String nightStart, String nightEnd, int minNights, String zone) {
    return "home_region is each device's home: per night (" + nightStart + " to " + nightEnd + " local time in "
        + zone + ") its modal region, and the home is the region that is so on the most nights (ties to the lower"
        + " region index), for devices with such a region on at least " + minNights + " nights; the others are"
        + " counted under \"unknown\". A night worker's home is where it works at night.";
  }

  /** The prior belief of the example: an observer starts 10% sure that a person's phone is in the data. */
  static final double PRIOR = 0.1;

  /**
   * How far the guarantee lets an observer's belief move, from 10%: the odds grow by at most
   * e^epsilon, so the belief reaches at most e^epsilon / (9 + e^epsilon). Rounded up, so "at most"
   * stays true; past 99.9% it says near certainty instead of a string of nines.
   */
  static String beliefExample(double epsilon) {
    double posterior = posterior(PRIOR, epsilon);
    String start = "In practice: an observer who sees the published figures, and knows everything else about a"
        + " person, can multiply the odds that this person's phone is in the data by at most e^epsilon, so a belief"
        + " of 10% can grow ";
    if (posterior > 0.999) {
      return start + "to near certainty (above 99.9%): at this epsilon the guarantee does not stop an observer from"
          + " learning whether a person's phone is in the data.";
    }
    String to = "to at most " + percentUp(posterior) + ".";
    return switch (Guarantee.Strength.of(epsilon)) {
      case STRONG, MODERATE -> start + to;
      case WEAK, NEGLIGIBLE -> start + to + " That limits what an observer can learn about one person only a little.";
    };
  }

  /** Belief after seeing the output, from a prior p, when the odds may grow by a factor e^epsilon. */
  static double posterior(double prior, double epsilon) {
    // p e^eps / (1 - p + p e^eps), written with e^-eps so it never overflows
    return prior / (prior + (1 - prior) * Math.exp(-epsilon));
  }

  /**
   * The figures the sentence about sums of published counts is written from, per window of one
   * metric. A release mode that cannot publish empty cells passes 0 for the empty-cell figures.
   *
   * @param emptyCellProbability P[an empty cell is published]: P[noise >= k] when every cell is noised
   * @param expectedEmptyCells cells per window times that probability: published empty cells per
   *     window if nearly all cells are empty (with fewer empty cells, proportionally fewer)
   * @param expectedEmptySum what those cells add on average to a window's sum: cells per window
   *     times E[noise; noise >= k]
   * @param averageCells published cells per window, averaged over the windows
   * @param averageTotal the sum of published counts per window, averaged over the windows
   */
  record TotalsFigures(long minCount, long cellsPerWindow, double emptyCellProbability, double expectedEmptyCells,
      double expectedEmptySum, double averageCells, double averageTotal) {}

  /** At or above this share of an average published sum, empty cells may make up most of it. */
  static final double MOSTLY = 0.5;
  /** Below this share empty cells matter little next to the counts of suppressed cells. */
  static final double LITTLE = 0.05;

  /** The honest sentence about sums of published counts: what pulls them down, what pushes them up, and which wins. */
  static String totals(TotalsFigures f) {
    StringBuilder s = new StringBuilder("Sums of published counts are not true totals. Cells suppressed by the"
        + " threshold (noisy count below k = " + f.minCount() + ") are missing from them, which pulls a sum below"
        + " the true total.");
    if (f.emptyCellProbability() <= 0) {
      return s.append(" Cells without any device are never published here, so sums of published counts fall short"
          + " of the true totals by what the suppressed cells held.").toString();
    }
    s.append(" Cells without any device are published too when their noise alone reaches k: each such empty cell is"
        + " published with probability ").append(ReleaseForecast.percent(f.emptyCellProbability()))
        .append(", so in a window of ").append(String.format(Locale.ROOT, "%,d", f.cellsPerWindow()))
        .append(" cells that are nearly all empty ").append(ReleaseForecast.approx(f.expectedEmptyCells()))
        .append(" empty cells are published, adding ").append(ReleaseForecast.approx(f.expectedEmptySum()))
        .append(" to the window's sum.");
    if (f.averageCells() <= 0) {
      return s.append(" No cell of this metric was published.").toString();
    }
    s.append(" Here a window has on average ").append(ReleaseForecast.about(f.averageCells()))
        .append(" published cells summing to ").append(ReleaseForecast.about(f.averageTotal())).append(", so ");
    double share = f.averageTotal() > 0 ? f.expectedEmptySum() / f.averageTotal() : Double.POSITIVE_INFINITY;
    if (share >= MOSTLY) {
      s.append("if this table is sparse most of a published sum can be noise from empty cells, and the sum can be far"
          + " above the true total: do not read sums of published counts as totals.");
    } else if (share >= LITTLE) {
      s.append("empty cells can make up ").append(share(share)).append(" of a published sum: in a sparse table the"
          + " sums can be well above the true totals, in a table where most cells hold devices below them.");
    } else {
      s.append("empty cells add less than ").append(share(LITTLE)).append(" to a published sum, and the sums mostly"
          + " fall short of the true totals by what the suppressed cells held.");
    }
    return s.toString();
  }

  /** Added to the sentence above when the release also holds each window's total as its own noisy count. */
  static final String USE_NOISY_TOTALS = "For totals, use this release's noisy window totals instead (shown below,"
      + " each with its 95% interval): they are counted over all cells, suppressed or not, and are unbiased.";

  /** What the noisy window totals are, and why they differ from sums of published cells. */
  static String noisyTotals(long halfWidth, ReleaseMode cellsMode) {
    return "Each window's total is published as its own noisy count, with its own share of the budget: the"
        + " contributions of every cell, published or suppressed, are added up first and the noise is added once,"
        + " with no threshold. A noisy total is therefore unbiased (too high as often as too low, by the same"
        + " amounts), and its interval, the total plus and minus " + halfWidth + ", holds the true total for at"
        + " least 95% of windows. The sum of the published cells of the same window differs from it because the"
        + " threshold left cells out" + (cellsMode == ReleaseMode.PARTITION_SELECTION ? "" : " and let empty cells"
        + " in") + ", and because each published cell carries its own noise. Both count each device at most as"
        + " often as its contribution bound allows, so a device that moved more often than that is counted only up"
        + " to the bound in either.";
  }

  private static String share(double x) {
    return ReleaseForecast.about(100 * x) + "%";
  }

  /** What the ci95 columns promise, with the exact coverage. */
  static String intervalMeaning(long halfWidth, double coverage) {
    return "Every published row has ci95_low and ci95_high: the published count minus and plus " + halfWidth
        + ", the lower end raised to 0 when it would be negative (a true count never is, so nothing is lost)."
        + " Taken over all cells before the threshold, this interval holds the cell's true count with probability "
        + ReleaseForecast.percent(coverage) + " (at least 95%), whatever the true count.";
  }

  /** What the interval does not promise: it is not conditional on the cell having been published. */
  static String intervalCaveat(long minCount, long halfWidth, ReleaseMode mode) {
    StringBuilder s = new StringBuilder("It is not a promise about published cells alone. A cell is published"
        + " because its noisy count reached k = " + minCount + ", which favours cells whose noise was high, so among"
        + " published cells the interval holds the true count less often, most of all for true counts near or below"
        + " k. ");
    // A published empty cell has noise >= k; its interval holds 0 only if that noise is at most h.
    if (mode == ReleaseMode.PARTITION_SELECTION) {
      s.append("No cell without devices is ever published in this release.");
    } else if (minCount > halfWidth) {
      s.append("Here k exceeds the half-width ").append(halfWidth).append(", so the interval of a published cell with"
          + " no device never holds 0.");
    } else {
      s.append("The interval of a published cell with no device misses 0 whenever its noise exceeded ")
          .append(halfWidth).append(".");
    }
    return s.append(" The table below gives, for each true count, how often the interval of a published cell holds"
        + " it.").toString();
  }

  /** At most {@code digits} significant digits, no exponent, trailing zeros dropped. */
  static String sig(double v, int digits) {
    if (v == 0 || !Double.isFinite(v)) {
      return v == 0 ? "0" : String.valueOf(v);
    }
    return new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros()
        .toPlainString();
  }

  /** A probability as a percentage rounded up to 3 significant digits (a bound stays a bound). */
  static String percentUp(double p) {
    return new BigDecimal(100 * p).round(new MathContext(3, RoundingMode.CEILING)).stripTrailingZeros()
        .toPlainString() + "%";
  }

  /** What a region hierarchy's tables are, for the report. */
  static final String HIERARCHY = "This release publishes each metric at two levels of regions. Each level is its"
      + " own noisy release of the same bounded contributions, with its own share of the budget (the shares add up"
      + " to the metric's). The published tables were then made consistent by post-processing of the noisy values"
      + " only, which costs no budget and never looks at a true count: every count is a non-negative whole number,"
      + " every coarse cell equals the sum of its fine cells (the published ones plus the coarse table's"
      + " fine_unpublished), and every level adds up to the same window total. The threshold was applied after"
      + " that, to the consistent values, so the published cells of a level add up to the window total less the"
      + " cells below the threshold.";

  /** What one consistent table is. */
  static final String CONSISTENT = "The counts of this table are consistent values: estimated from this level's"
      + " noisy counts together with the other level's and the window totals' (weighted by their noise), made"
      + " non-negative and whole, and adding up across levels.";

  /** Which error figures of a consistent table are estimated. */
  static final String CONSISTENCY_ESTIMATED = "The error of the consistent counts has no exact formula: it is"
      + " measured on synthetic populations of real region hierarchies in privflow's docs/accuracy.md. Consistency"
      + " lowers the error of coarse cells and of empty fine cells; on sparse fine tables it pulls large fine counts"
      + " down. The ci95 columns use the raw noise's half-width around the consistent count, so their coverage is"
      + " estimated, not exact. Likewise the release chances and expected empty cells stated for this metric are"
      + " those of its raw noisy values, not of the consistent ones.";

  /** The exact error figures of a level: those of its raw noisy values. */
  static String consistencyExact(double sd, long halfWidth) {
    return String.format(java.util.Locale.ROOT, "Exact for this level's raw noisy values (before consistency):"
        + " noise standard deviation %.2f, 95%% interval half-width %d.", sd, halfWidth);
  }

  /** Why a movement table has no heatmap: too many regions to draw one rectangle per pair. */
  static String heatmapOmitted(int regions, int max) {
    return String.format(java.util.Locale.ROOT, "No heatmap is drawn: the table has %,d regions per side, more than"
        + " the %,d a readable matrix can show; od_counts.csv holds every published cell.", regions, max);
  }
}
