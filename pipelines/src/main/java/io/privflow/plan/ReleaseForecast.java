package io.privflow.plan;

import io.privflow.privacy.Decimals;
import io.privflow.privacy.ReleaseMode;
import io.privflow.privacy.ledger.PeriodBalance;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a release before it is run (the plan command) or while it is staged (the
 * anonymisation report): per metric what the noise and threshold do to a cell, and per budget
 * period what is spent and left. Computed from the request, the regions (public), the policy and
 * the ledger; never from data.
 */
public record ReleaseForecast(String unit, List<MetricForecast> metrics, List<PeriodForecast> periods) {

  public ReleaseForecast {
    metrics = List.copyOf(metrics);
    periods = List.copyOf(periods);
  }

  /**
   * @param balances the dataset's periods from {@code BudgetLedger.balances}
   * @param ownReservationHeld true while this release's own reservation is in the ledger (staging):
   *     it is then taken out of the amount held by other runs
   */
  public static ReleaseForecast of(ReleasePlan plan, BudgetCharge charge, List<PeriodBalance> balances,
      boolean ownReservationHeld) {
    List<MetricForecast> metrics = new ArrayList<>();
    for (MetricPlan m : plan.metrics()) {
      metrics.add(MetricForecast.of(m));
    }
    BigDecimal cost = charge.costDecimal();
    List<PeriodForecast> periods = new ArrayList<>();
    for (String p : charge.periods()) {
      PeriodBalance b = balances.stream().filter(x -> x.period().equals(p)).findFirst().orElse(null);
      BigDecimal committed = b == null ? BigDecimal.ZERO : b.committed();
      BigDecimal held = b == null ? BigDecimal.ZERO : b.reserved();
      if (ownReservationHeld) {
        held = held.subtract(cost).max(BigDecimal.ZERO);
      }
      periods.add(new PeriodForecast(p, charge.totalDecimal(), committed, held, cost));
    }
    return new ReleaseForecast(charge.budget().accounting().unit(), metrics, periods);
  }

  /** The plan as an analyst or a requester reads it. */
  public void print(PrintStream out) {
    for (MetricForecast m : metrics) {
      if (m.metric().isTotal()) {
        out.printf(Locale.ROOT, "metric %s: %s %s, each of the %,d windows' total of %s as its own noisy count, no"
                + " threshold; a device counts in at most %d windows%n", m.metric().label(), m.guarantee().unit(),
            Decimals.plain(m.guarantee().budget()), m.cells(), m.metric().totalOf().label(), m.bound());
        out.printf(Locale.ROOT, "  noise: %s, %s %s, standard deviation %.2f per total; count +/- %d holds the true"
                + " total for %s of windows%n", m.noise().mechanism(), m.noise().parameterName(),
            Decimals.plain(m.noise().parameter()), m.noise().standardDeviation(), m.noise().halfWidth95(),
            percent(m.noise().coverage95()));
        continue;
      }
      out.printf(Locale.ROOT, "metric %s: %s %s, bound %d per device, k = %d, %,d cells in the domain%n",
          m.label(), m.guarantee().unit(), Decimals.plain(m.guarantee().budget()), m.bound(), m.minCount(),
          m.cells());
      if (m.metric().needsHome()) {
        // One home per device: the home adds a coordinate, not a contribution.
        out.printf(Locale.ROOT, "  bound: %s = %d (each device has one home): L1 sensitivity %d, L2 sensitivity"
            + " %.4f; %,d cells per window (homes: the regions and unknown)%n", m.metric().boundName(), m.bound(),
            m.bound(), Math.sqrt(m.bound()), m.cellsPerWindow());
      }
      out.printf(Locale.ROOT, "  release: %s; threshold: %s%n", m.mode().label(), m.threshold().origin());
      out.printf(Locale.ROOT, "  noise: %s, %s %s, standard deviation %.2f per cell%n", m.noise().mechanism(),
          m.noise().parameterName(), Decimals.plain(m.noise().parameter()),
          m.noise().standardDeviation());
      out.printf(Locale.ROOT, "  95%% interval (columns ci95_low, ci95_high): count +/- %d holds the true count for %s"
          + " of cells before the threshold; among published cells less often (below)%n", m.noise().halfWidth95(),
          percent(m.noise().coverage95()));
      if (m.mode() == ReleaseMode.PARTITION_SELECTION) {
        out.println("  empty cells: never published (only cells that hold at least one device get noise)");
      } else {
        out.printf(Locale.ROOT, "  empty cells: each is published with probability %s; if nearly all of a window's"
            + " %,d cells are empty, %s of them are published per window, adding %s to its sum of counts%n",
            percent(m.emptyCellReleaseProbability()), m.cellsPerWindow(), approx(m.expectedEmptyCellsPerWindow()),
            approx(m.expectedEmptySumPerWindow()));
        out.printf(Locale.ROOT, "  published cells that are empty: at most %s if 1%% of cells hold devices, %s if 10%%,"
            + " %s if 50%%%n", percent(m.emptyShareOfPublished(0.01)), percent(m.emptyShareOfPublished(0.1)),
            percent(m.emptyShareOfPublished(0.5)));
      }
      out.println("  by true count c: probability that the cell is published; if published, that its interval"
          + " holds c:");
      for (MetricForecast.ReleaseChance c : m.chances()) {
        out.printf(Locale.ROOT, "    c = %-14s %-22s %s%n", c.label(), percent(c.probability()),
            Double.isNaN(c.coverageIfReleased()) ? "(never published)" : percent(c.coverageIfReleased()));
      }
    }
    for (PeriodForecast p : periods) {
      out.printf(Locale.ROOT, "budget period %s: %s %s, spent %s, held by runs in progress %s, this release %s,"
              + " left after it %s%s%n", p.period(), unit, Decimals.plain(p.budget()), Decimals.plain(p.committedBefore()),
          Decimals.plain(p.heldByOthers()), Decimals.plain(p.thisRelease()), Decimals.plain(p.remainingAfter()),
          p.remainingAfter().signum() < 0 ? " (NOT ENOUGH: the release would be refused)" : "");
    }
  }

  /** An expected number in words: "about 14.3", "less than 0.001" when it rounds to nothing, "0". */
  public static String approx(double v) {
    return v <= 0 ? "0" : v < 0.001 ? "less than 0.001" : "about " + about(v);
  }

  /**
   * An expected number to at most 3 significant digits, with thousands separators and no exponent:
   * 0.000123, 0.92, 14.3, 1,230, 12,300,000.
   */
  public static String about(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return v == 0 ? "0" : String.valueOf(v);
    }
    BigDecimal d = new BigDecimal(v).round(new java.math.MathContext(3, java.math.RoundingMode.HALF_EVEN))
        .stripTrailingZeros();
    if (d.scale() <= 0) {
      return String.format(Locale.ROOT, "%,d", d.toBigIntegerExact());
    }
    return d.toPlainString();
  }

  /** A probability as a percentage that never rounds a non-zero chance to 0 or a non-certain one to 100. */
  public static String percent(double p) {
    if (p <= 0) {
      return "0%";
    }
    if (p >= 1) {
      return "100%";
    }
    if (p < 0.0001) {
      return String.format(Locale.ROOT, "%.1e (below 0.01%%)", p);
    }
    if (p > 0.9999) {
      return "above 99.99%";
    }
    return String.format(Locale.ROOT, "%.2f%%", 100 * p);
  }

}
