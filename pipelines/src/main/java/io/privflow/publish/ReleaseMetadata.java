package io.privflow.publish;

import io.privflow.Version;
import io.privflow.plan.Metric;
import io.privflow.plan.MetricPlan;
import io.privflow.plan.ReleasePlan;
import io.privflow.privacy.ReleaseMode;
import io.privflow.privacy.Guarantee;
import io.privflow.privacy.NoiseFigures;
import io.privflow.privacy.NoiseMechanism;
import io.privflow.request.ReleaseRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code release.json}: public parameters and counts of released and suppressed
 * cells, both functions of the noisy output. Nothing here is computed from true data.
 */
public final class ReleaseMetadata {
  private ReleaseMetadata() {}

  static Map<String, Object> of(ReleasePlan plan, Map<MetricPlan, Long> released, String createdAt,
      List<String> files) {
    ReleaseRequest r = plan.request();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("privflow_version", Version.current());
    m.put("request_id", r.requestId());
    m.put("dataset", r.dataset());
    m.put("created_at", createdAt);
    Map<String, Object> who = new LinkedHashMap<>();
    who.put("organisation", r.requester().organisation());
    who.put("contact", r.requester().contact());
    who.put("purpose", r.requester().purpose());
    who.put("legal_basis", r.requester().legalBasis());
    m.put("requester", who);
    m.put("privacy_unit", ReleasePlan.PRIVACY_UNIT);
    m.put("privacy", privacy(r.privacy().guarantee()));
    m.put("release", r.privacy().mode().label());
    Map<String, Object> thresholds = new LinkedHashMap<>();
    // Window totals have no threshold: every window's total is published.
    plan.metrics().stream().filter(x -> !x.metric().isTotal())
        .forEach(x -> thresholds.put(x.label(), x.threshold().value()));
    m.put("thresholds", thresholds);
    m.put("threshold_rule", r.privacy().mode() == ReleaseMode.PARTITION_SELECTION
        ? "only cells holding at least one device can be released, and only if their noisy count reaches the"
            + " metric's threshold; no empty cell is ever released; the threshold never sees a true count"
        : "every cell of the domain gets noise and is released only if its noisy count reaches the metric's"
            + " threshold; empty cells can be released; the threshold never sees a true count");
    Map<String, Object> time = new LinkedHashMap<>();
    time.put("start", r.time().start().toString());
    time.put("end_exclusive", r.time().end().toString());
    time.put("zone", r.time().zone().getId());
    time.put("window", r.time().windowText());
    time.put("windows", plan.windows().count());
    m.put("time_range", time);
    Map<String, Object> regions = new LinkedHashMap<>();
    regions.put("file", plan.regions().name());
    regions.put("sha256", plan.regions().sha256());
    regions.put("id_property", r.regions().idProperty());
    if (r.regions().grid() != null) {
      // a grid's cells: the grid and the area file name it (sha256 above digests both)
      regions.put("grid", r.regions().grid().describe());
      regions.put("area_file", r.regions().grid().area().getFileName().toString());
    }
    regions.put("count", plan.regions().size());
    regions.put("ids", plan.regions().regions().stream().map(x -> x.id()).toList());
    m.put("region_set", regions);
    if (plan.levels() != null) {
      m.put("hierarchy", Hierarchy.of(plan));
    }
    List<Object> metrics = new ArrayList<>();
    for (MetricPlan mp : plan.metrics()) {
      metrics.add(metric(plan, mp, released.getOrDefault(mp, 0L)));
    }
    m.put("metrics", metrics);
    m.put("files", files);
    return m;
  }

  private static String semantics(Metric metric) {
    return switch (metric) {
      case OD -> "devices located in origin_region during [window_start, window_end) and in destination_region"
          + " during the next window (staying put included); a device is located in a window at its modal region"
          + " by event count; absent rows were suppressed";
      case PRESENCE -> "distinct devices whose modal region during [window_start, window_end) is region; absent rows"
          + " were suppressed";
      case HOME_PRESENCE -> "distinct devices whose home is home_region (\"unknown\": a night region on fewer than"
          + " min_nights nights) and whose modal region during [window_start, window_end) is region; a device's home"
          + " is its night-time modal region on the most nights; absent rows were suppressed";
      case HOME_OD -> "devices whose home is home_region (\"unknown\": a night region on fewer than min_nights"
          + " nights) located in origin_region during [window_start, window_end) and in destination_region during"
          + " the next window (staying put included); absent rows were suppressed";
      case OD_TOTALS -> "all movements from the window [window_start, window_end) to the next, over every pair of"
          + " regions (each device at most once per window, within its bound), as one noisy count per window;"
          + " every window has a row, no threshold applies, and a noisy total may be negative";
      case PRESENCE_TOTALS -> "all devices located during [window_start, window_end) in any region (each device"
          + " at most once per window, within its bound), as one noisy count per window; every window has a row,"
          + " no threshold applies, and a noisy total may be negative";
    };
  }

  /** The night rule of the home metrics, as the request set it. */
  private static Map<String, Object> home(ReleasePlan plan) {
    var h = plan.request().metrics().home();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("night_start", h.nightStart().toString());
    m.put("night_end", h.nightEnd().toString());
    m.put("zone", plan.nights().zone().getId());
    m.put("min_nights", h.minNights());
    m.put("unknown", HomeTables.UNKNOWN);
    m.put("rule", "per night, the modal region of the night's events; the home is the region that is the night"
        + " region on the most nights (ties to the lower region index), given a night region on at least min_nights"
        + " nights; otherwise unknown");
    return m;
  }

  /** The guarantee of the whole release in the terms of its accounting. */
  static Map<String, Object> privacy(Guarantee g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mechanism", g.mechanism());
    m.putAll(g.fields());
    m.put("randomness", "java.security.SecureRandom (DRBG), exact integer sampling");
    return m;
  }

  private static Map<String, Object> metric(ReleasePlan plan, MetricPlan mp, long released) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("metric", mp.metric().label());
    if (mp.level() != null) {
      m.put("level", mp.level());
    }
    m.put("files", List.of(mp.fileStem() + ".parquet", mp.fileStem() + ".csv"));
    m.put("columns", MetricTable.of(plan, mp).columns());
    m.put("semantics", semantics(mp.metric()));
    m.put(mp.guarantee().unit(), mp.guarantee().budget().toDouble());
    m.put("contribution_bound", Map.of(mp.metric().boundName(), mp.bounder().max()));
    if (mp.metric().needsHome()) {
      m.put("home", home(plan));
    }
    m.put("l1_sensitivity", mp.sensitivity().l1());
    m.put("l2_sensitivity", round(mp.sensitivity().l2()));
    NoiseMechanism noise = mp.releaser().mechanism();
    NoiseFigures figures = noise.figures();
    m.put("mechanism", noise.name());
    m.put(figures.parameterName(), figures.parameter());
    m.put("noise_standard_deviation", round(figures.standardDeviation()));
    m.put("interval_95", interval(figures, mp.metric().isTotal()));
    Map<String, Object> cells = new LinkedHashMap<>();
    cells.put("domain", mp.domain().size());
    cells.put("released", released);
    cells.put("suppressed", mp.domain().size() - released);
    m.put("cells", cells);
    if (plan.levels() != null) {
      m.put("consistency", Hierarchy.errorFigures(plan, mp));
    }
    return m;
  }

  /** What the ci95_low and ci95_high columns are, and what they do not promise. */
  private static Map<String, Object> interval(NoiseFigures f, boolean total) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("columns", MetricTable.INTERVAL_COLUMNS);
    m.put("half_width", f.halfWidth95());
    m.put("coverage", f.coverage95());
    m.put("definition", "ci95_low = max(0, count - half_width), ci95_high = max(0, count + half_width), where"
        + " half_width is the smallest h with P[|noise| <= h] >= 0.95 for this metric's noise (exact, from its"
        + " distribution); both ends are raised to 0 when below it because a true count is never negative, which"
        + " keeps the coverage");
    m.put("meaning", total
        ? "no threshold applies to window totals, so the interval holds a window's true total with probability"
            + " 'coverage' (at least 0.95) for every window"
        : "taken over all cells before the threshold, the interval holds the cell's true count with probability"
            + " 'coverage' (at least 0.95), whatever the true count. It is not conditional on publication: a cell is"
            + " published because its noise pushed it to the threshold or above, so among published cells the"
            + " interval holds the true count less often, most of all for true counts near or below the threshold"
            + " (report.json gives the figure per true count)");
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
