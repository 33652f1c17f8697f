package io.privflow.publish;

import io.privflow.plan.MetricPlan;
import io.privflow.plan.ReleasePlan;
import io.privflow.privacy.Decimals;
import io.privflow.privacy.NoiseFigures;
import io.privflow.regions.RegionLevels;
import io.privflow.regions.RegionSet;
import io.privflow.request.RegionHierarchy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The region hierarchy's part of {@code release.json}: its levels, parents and what consistency means. */
final class Hierarchy {
  /** What a consistent table is and how it was made, in words for the release's readers. */
  static final String METHOD = "Each level is its own noisy release of the same bounded contributions, with its own"
      + " share of every cell metric's budget. The published tables are then made consistent by post-processing of"
      + " the noisy values only (never a true count; no budget spent): per window, bottom-up weighted least squares"
      + " (each cell combined with the sum of its children, weighted by their noise variances), then top-down from"
      + " the window total: the children of each cell are the non-negative values closest to their estimates that"
      + " add up to it, rounded to integers that keep the sum (controlled rounding). Every consistent count is a"
      + " non-negative integer; every coarse cell equals the sum of its fine cells; every level adds up to the same"
      + " window total. The threshold is applied after this, to the consistent values.";

  private Hierarchy() {}

  static Map<String, Object> of(ReleasePlan plan) {
    RegionHierarchy h = plan.request().regions().hierarchy();
    RegionLevels l = plan.levels();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("levels", List.of(level(h.fine(), l.fine()), level(h.coarse(), l.coarse())));
    Map<String, Object> parents = new LinkedHashMap<>();
    if (h.parentProperty() != null) {
      parents.put("property", h.parentProperty());
    }
    if (h.parentsFile() != null) {
      parents.put("file", l.coarse().name());
      parents.put("rule", "a region's parent holds its interior point and at least "
          + Math.round(100 * (1 - RegionLevels.MAX_OUTSIDE_SHARE)) + "% of its area");
    }
    Map<String, String> of = new LinkedHashMap<>();
    for (int i = 0; i < l.fine().size(); i++) {
      of.put(l.fine().get(i).id(), l.coarse().get(l.parentOf()[i]).id());
    }
    parents.put("parent_of", of);
    m.put("parents", parents);
    m.put("consistency", METHOD);
    m.put("sums", "count of a coarse cell = sum of the counts of its published fine cells + its fine_unpublished;"
        + " a window total = sum of every cell of the window at either level, published or not");
    m.put("raw_noisy_tables", h.rawNoisyTables());
    return m;
  }

  private static Map<String, Object> level(RegionHierarchy.Level level, RegionSet regions) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", level.name());
    m.put("budget_share", Double.parseDouble(Decimals.plain(level.share())));
    m.put("region_file", regions.name());
    m.put("sha256", regions.sha256());
    m.put("regions", regions.size());
    m.put("ids", regions.regions().stream().map(r -> r.id()).toList());
    return m;
  }

  /** A level's error figures: exact for its raw noisy values, estimated for its consistent ones. */
  static Map<String, Object> errorFigures(ReleasePlan plan, MetricPlan mp) {
    NoiseFigures f = mp.noise();
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> exact = new LinkedHashMap<>();
    exact.put("applies_to", "the raw noisy values of this level"
        + (plan.request().regions().hierarchy().rawNoisyTables() ? " (" + mp.rawFileStem() + ".csv)" : ""));
    exact.put("noise_standard_deviation", Math.round(f.standardDeviation() * 1000) / 1000.0);
    exact.put("interval_95_half_width", f.halfWidth95());
    exact.put("interval_95_coverage", f.coverage95());
    m.put("exact", exact);
    m.put("estimated", "The consistent values' error has no exact formula (non-negativity and rounding make the"
        + " estimator non-linear); docs/accuracy.md gives it as measured on synthetic populations of real region"
        + " hierarchies, with and without consistency at equal budget. The ci95 columns of the consistent tables are"
        + " the raw half-width around the consistent count: their coverage is estimated there, not exact.");
    return m;
  }
}
