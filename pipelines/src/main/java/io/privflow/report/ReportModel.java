package io.privflow.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privflow.Version;
import io.privflow.plan.Metric;
import io.privflow.plan.MetricForecast;
import io.privflow.plan.PeriodForecast;
import io.privflow.plan.ReleaseForecast;
import io.privflow.plan.ReleasePlan;
import io.privflow.privacy.ReleaseMode;
import io.privflow.privacy.Decimals;
import io.privflow.privacy.Guarantee;
import io.privflow.regions.Region;
import io.privflow.rejects.Reason;
import io.privflow.request.ReleaseRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The content of {@code report.json} (schema: docs/report.schema.json). Every number in it is a
 * public parameter (of the request, the policy or the ledger), a noise figure computed from those,
 * a count of cells, or a released noisy count or a sum of released counts. Figures about the raw
 * data (rejected records) stay in the custodian-only file; the report says where.
 */
final class ReportModel {
  /**
   * The most regions a heatmap is drawn for: a matrix of 150 x 150 rectangles is still a readable
   * figure; a grid of ten thousand cells per side would be a hundred million rectangles.
   */
  static final int HEATMAP_MAX_REGIONS = 150;

  static final String SCHEMA = "https://privflow.io/schemas/report-1.json";
  static final String CUSTODIAN_FILE = "report-custodian.json";

  private final ObjectMapper json = new ObjectMapper();
  private final DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  ObjectNode build(ReleasePlan plan, List<ReleasedCells> released, Instant createdAt, ReportInputs in)
      throws IOException {
    ReleaseRequest r = plan.request();
    ReleaseForecast forecast = ReleaseForecast.of(plan, in.charge(), in.balances(), true);
    ObjectNode m = json.createObjectNode();
    m.put("$schema", SCHEMA);
    m.put("report_version", 1);
    m.put("privflow_version", Version.current());
    m.put("request_id", r.requestId());
    m.put("dataset", r.dataset());
    m.put("created_at", createdAt.toString());
    ObjectNode who = m.putObject("requester");
    who.put("organisation", r.requester().organisation());
    who.put("contact", r.requester().contact());
    who.put("purpose", r.requester().purpose());
    who.put("legal_basis", r.requester().legalBasis());
    who.put("retention_until", r.requester().retentionUntil().toString());
    m.put("privacy_unit", ReleasePlan.PRIVACY_UNIT);
    guarantee(m.putObject("guarantee"), r.privacy().guarantee());
    budget(m.putObject("budget"), forecast, in);
    ObjectNode threshold = m.putObject("threshold");
    threshold.put("release", r.privacy().mode().label());
    threshold.put("rule", r.privacy().mode() == ReleaseMode.PARTITION_SELECTION
        ? "Only cells that hold at least one device get noise; a cell is published only if its noisy count is at"
            + " least its metric's threshold, which is set so that a cell only one device fills is published with"
            + " probability at most the selection delta. No empty cell is ever published. The threshold never sees"
            + " a true count."
        : "Every cell of the public domain gets noise, empty cells included; a cell is published only if its noisy"
            + " count is at least its metric's threshold k, so some published cells can be empty ones whose noise"
            + " alone reached k. The threshold never sees a true count.");
    ObjectNode time = m.putObject("time_range");
    time.put("start", r.time().start().toString());
    time.put("end_exclusive", r.time().end().toString());
    time.put("zone", r.time().zone().getId());
    time.put("window", r.time().windowText());
    time.put("windows", plan.windows().count());
    ObjectNode regions = m.putObject("region_set");
    regions.put("name", r.regions().set());
    regions.put("file", plan.regions().name());
    regions.put("sha256", plan.regions().sha256());
    regions.put("count", plan.regions().size());
    regions.put("mapping", plan.mapping().label());
    regions.put("mapping_rule", plan.mapping().sentence());
    ArrayNode metrics = m.putArray("metrics");
    for (int i = 0; i < released.size(); i++) {
      Metric cells = released.get(i).metric().metric();
      if (cells.isTotal()) {
        continue; // shown with the cell metric it adds up
      }
      int t = indexOf(released, cells);
      ObjectNode o = metric(plan, released.get(i), forecast.metrics().get(i), t >= 0);
      if (t >= 0) {
        noisyTotals(o.putObject("noisy_totals"), plan, released.get(t), forecast.metrics().get(t), released.get(i));
      }
      metrics.add(o);
    }
    if (plan.levels() != null) {
      hierarchy(m.putObject("hierarchy"), plan, released);
    }
    lineage(m.putObject("lineage"), plan, in);
    ObjectNode raw = m.putObject("raw_data_figures");
    raw.put("handling", "custodian_only");
    raw.put("explanation", "Figures that describe the raw data rather than the noisy output (how many input records"
        + " were rejected, and why) are exact, so they are not in this report: they are kept by the data custodian"
        + " in " + CUSTODIAN_FILE + " in the custodian-only directory, which is never shipped with a release."
        + " The reasons a record can be rejected are listed here.");
    raw.put("custodian_file", CUSTODIAN_FILE);
    raw.put("custodian_directory", "the custodian-only folder of this release, set by the custodian's policy");
    ArrayNode reasons = raw.putArray("reason_codes");
    Arrays.stream(Reason.values()).forEach(x -> reasons.add(x.name()));
    return m;
  }

  /** The release's guarantee: its parameter, its (epsilon, delta) form and its plain-words statement. */
  private static void guarantee(ObjectNode o, Guarantee g) {
    double eps = g.epsilonAtDelta();
    o.put("mechanism", g.mechanism());
    o.put("accounting", (String) g.fields().get("accounting"));
    o.put(g.unit(), g.budget().toDouble());
    o.put("delta", g.delta().toDouble());
    o.put("epsilon", eps);
    o.put("odds_factor", Math.exp(eps));
    o.put("strength", Guarantee.Strength.of(eps).label());
    o.put("plain_words", g.plainWords());
    o.put("in_practice", Wording.beliefExample(eps));
  }

  private static void budget(ObjectNode b, ReleaseForecast f, ReportInputs in) {
    var dataset = in.charge().budget();
    b.put("accounting", dataset.accounting().label());
    b.put("unit", f.unit());
    b.put("period", dataset.period().name().toLowerCase(Locale.ROOT));
    b.put("budget_per_period", plain(in.charge().totalDecimal()));
    b.put("this_release", plain(in.charge().costDecimal()));
    b.put("explanation", "Every release of dataset " + dataset.dataset() + " is charged to each budget period its"
        + " time range touches. 'spent_before' is what committed releases had spent in the period when this"
        + " release was made; 'cumulative' adds this release.");
    ArrayNode periods = b.putArray("periods");
    for (PeriodForecast p : f.periods()) {
      ObjectNode o = periods.addObject();
      o.put("period", p.period());
      o.put("budget", plain(p.budget()));
      o.put("spent_before", plain(p.committedBefore()));
      o.put("this_release", plain(p.thisRelease()));
      o.put("cumulative", plain(p.cumulative()));
      o.put("remaining", plain(p.remainingAfter()));
    }
  }

  /** Where the window totals of cell metric {@code cells} are among the released metrics; -1 if not asked for. */
  private static int indexOf(List<ReleasedCells> released, Metric cells) {
    for (int i = 0; i < released.size(); i++) {
      if (released.get(i).metric().metric().totalOf() == cells) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The window totals published as their own noisy counts, each with its interval, beside the sum
   * of the cells published for the same window: both are released values.
   */
  private void noisyTotals(ObjectNode o, ReleasePlan plan, ReleasedCells totals, MetricForecast f,
      ReleasedCells cells) {
    Metric metric = totals.metric().metric();
    o.put("metric", metric.label());
    o.put("files", metric.fileStem() + ".csv, " + metric.fileStem() + ".parquet");
    o.put("budget_name", f.guarantee().unit());
    o.put("budget", f.guarantee().budget().toDouble());
    o.put("standard_deviation", f.noise().standardDeviation());
    o.put("interval_95_half_width", f.noise().halfWidth95());
    long[] sums = cells.totalsPerSlot();
    long[] noisy = new long[sums.length];
    for (var c : totals.cells()) {
      noisy[(int) c.cell()] = c.count();
    }
    ArrayNode windows = o.putArray("windows");
    for (int w = 0; w < sums.length; w++) {
      ObjectNode x = windows.addObject();
      x.put("window_start", time(plan, plan.windows().windowStart(w)));
      x.put("window_end", time(plan, plan.windows().windowEnd(w)));
      x.put("total", noisy[w]);
      var ci = f.noise().interval95(noisy[w]);
      x.put("ci95_low", ci.low());
      x.put("ci95_high", ci.high());
      x.put("published_cells_sum", sums[w]);
    }
    o.put("statement", Wording.noisyTotals(f.noise().halfWidth95(), cells.metric().mode()));
  }

  private ObjectNode metric(ReleasePlan plan, ReleasedCells rel, MetricForecast f, boolean noisyTotals) {
    ObjectNode o = json.createObjectNode();
    Metric metric = rel.metric().metric();
    o.put("metric", metric.label());
    if (rel.metric().level() != null) {
      o.put("level", rel.metric().level());
    }
    o.put("files", rel.metric().fileStem() + ".csv, " + rel.metric().fileStem() + ".parquet");
    o.put("budget_name", rel.metric().guarantee().unit());
    o.put("budget", f.guarantee().budget().toDouble());
    ObjectNode bound = o.putObject("contribution_bound");
    bound.put("name", metric.boundName());
    bound.put("value", f.bound());
    bound.put("meaning", metric.boundName().equals("max_transitions_per_device")
        ? "each device adds at most this many movements over the whole release (a random subset is kept)"
        : "each device is counted in at most this many windows over the whole release");
    if (metric.needsHome()) {
      var h = plan.request().metrics().home();
      var ms = plan.request().metrics();
      o.put("budget_share", (metric == Metric.HOME_OD ? ms.homeOd().share() : ms.homePresence().share()).toDouble());
      o.put("home", Wording.home(h.nightStart().toString(), h.nightEnd().toString(), h.minNights(),
          plan.nights().zone().getId()));
    }
    ObjectNode th = o.putObject("threshold");
    th.put("value", f.minCount());
    th.put("origin", f.threshold().origin());
    th.put("cells_per_window", f.cellsPerWindow());
    th.put("expected_empty_published_per_window", f.expectedEmptyCellsPerWindow());
    ArrayNode shares = th.putArray("empty_share_of_published");
    for (double share : MetricForecast.NON_EMPTY_SHARES) {
      shares.addObject().put("nonempty_cell_share", share).put("at_most", f.emptyShareOfPublished(share));
    }
    ObjectNode noise = o.putObject("noise");
    noise.put("mechanism", f.noise().mechanism());
    noise.put(f.noise().parameterName(), f.noise().parameter());
    noise.put("standard_deviation", f.noise().standardDeviation());
    noise.put("interval_95_half_width", f.noise().halfWidth95());
    ObjectNode interval = o.putObject("interval");
    ArrayNode columns = interval.putArray("columns");
    columns.add("ci95_low");
    columns.add("ci95_high");
    interval.put("half_width", f.noise().halfWidth95());
    interval.put("coverage_before_threshold", f.noise().coverage95());
    interval.put("meaning", Wording.intervalMeaning(f.noise().halfWidth95(), f.noise().coverage95()));
    interval.put("not_meaning", Wording.intervalCaveat(f.minCount(), f.noise().halfWidth95(), f.mode()));
    ArrayNode chances = o.putArray("release_probability");
    for (MetricForecast.ReleaseChance c : f.chances()) {
      ObjectNode x = chances.addObject();
      x.put("true_count", c.trueCount());
      x.put("label", c.label());
      x.put("probability", c.probability());
      if (Double.isNaN(c.coverageIfReleased())) {
        x.putNull("interval_coverage_if_published"); // never published
      } else {
        x.put("interval_coverage_if_published", c.coverageIfReleased());
      }
    }
    ObjectNode cells = o.putObject("cells");
    cells.put("domain", f.cells());
    cells.put("released", rel.cells().size());
    cells.put("suppressed", f.cells() - rel.cells().size());
    o.put("released_total", rel.total());
    ArrayNode windows = o.putArray("totals_per_window");
    long[] totals = rel.totalsPerSlot();
    long[] counts = rel.cellsPerSlot();
    for (int w = 0; w < totals.length; w++) {
      ObjectNode x = windows.addObject();
      x.put("window_start", time(plan, plan.windows().windowStart(w)));
      x.put("window_end", time(plan, plan.windows().windowEnd(w)));
      x.put("released_total", totals[w]);
      x.put("released_cells", counts[w]);
    }
    published(o.putObject("published_sums"), f, rel.total(), rel.cells().size(), totals.length, noisyTotals);
    if (rel.metric().level() != null) {
      ObjectNode c = o.putObject("consistency");
      c.put("statement", Wording.CONSISTENT);
      c.put("exact", Wording.consistencyExact(f.noise().standardDeviation(), f.noise().halfWidth95()));
      c.put("estimated", Wording.CONSISTENCY_ESTIMATED);
    }
    if (metric == Metric.OD && plan.regionsOf(rel.metric()).size() > HEATMAP_MAX_REGIONS) {
      o.put("heatmap_omitted", Wording.heatmapOmitted(plan.regionsOf(rel.metric()).size(), HEATMAP_MAX_REGIONS));
    } else if (metric == Metric.OD) {
      int slot = rel.heatmapSlot();
      ObjectNode h = o.putObject("heatmap");
      h.put("selection", "the origin window with the largest released total");
      h.put("window_start", time(plan, plan.windows().windowStart(slot)));
      h.put("window_end", time(plan, plan.windows().windowEnd(slot)));
      h.put("next_window_end", time(plan, plan.windows().windowEnd(slot + 1)));
      ArrayNode ids = h.putArray("regions");
      ArrayNode names = h.putArray("region_names");
      for (Region reg : plan.regionsOf(rel.metric()).regions()) {
        ids.add(reg.id());
        names.add(reg.name() == null ? "" : reg.name());
      }
      ArrayNode hc = h.putArray("cells");
      for (long[] c : rel.odSlot(slot)) {
        ObjectNode x = hc.addObject();
        x.put("origin", plan.regionsOf(rel.metric()).get((int) c[0]).id());
        x.put("destination", plan.regionsOf(rel.metric()).get((int) c[1]).id());
        x.put("count", c[2]);
      }
    }
    return o;
  }

  /**
   * What sums of published counts say about true totals, per window: the expected published empty
   * cells and what they add (noise figures), next to the average published cells and sum (released
   * values), and the sentence written from them.
   */
  private static void published(ObjectNode o, MetricForecast f, long total, long cells, int windows,
      boolean noisyTotals) {
    Wording.TotalsFigures t = new Wording.TotalsFigures(f.minCount(), f.cellsPerWindow(),
        f.emptyCellReleaseProbability(), f.expectedEmptyCellsPerWindow(), f.expectedEmptySumPerWindow(),
        (double) cells / windows, (double) total / windows);
    o.put("cells_per_window", t.cellsPerWindow());
    o.put("empty_cell_publish_probability", t.emptyCellProbability());
    o.put("expected_empty_cells_published_per_window", t.expectedEmptyCells());
    o.put("expected_sum_of_empty_cells_per_window", t.expectedEmptySum());
    o.put("average_published_cells_per_window", t.averageCells());
    o.put("average_published_total_per_window", t.averageTotal());
    o.put("statement", Wording.totals(t) + (noisyTotals ? " " + Wording.USE_NOISY_TOTALS : ""));
  }

  /**
   * The hierarchy's levels and, per window and cell metric, the sums that agree across levels: the
   * consistent window total (when published) and each level's sum of published cells, all released
   * values.
   */
  private void hierarchy(ObjectNode h, ReleasePlan plan, List<ReleasedCells> released) {
    var rh = plan.request().regions().hierarchy();
    ArrayNode levels = h.putArray("levels");
    for (var l : List.of(rh.fine(), rh.coarse())) {
      var set = l == rh.fine() ? plan.levels().fine() : plan.levels().coarse();
      levels.addObject().put("name", l.name()).put("budget_share", l.share().toDouble())
          .put("regions", set.size()).put("region_file", set.name());
    }
    h.put("statement", Wording.HIERARCHY);
    ArrayNode windows = h.putArray("windows");
    for (Metric kind : new Metric[] {Metric.OD, Metric.PRESENCE}) {
      List<ReleasedCells> levelCells = released.stream().filter(x -> x.metric().metric() == kind).toList();
      if (levelCells.isEmpty()) {
        continue;
      }
      ReleasedCells totals = released.stream().filter(x -> x.metric().metric().totalOf() == kind).findFirst()
          .orElse(null);
      long[] total = new long[levelCells.get(0).metric().domain().slots()];
      if (totals != null) {
        totals.cells().forEach(c -> total[(int) c.cell()] = c.count());
      }
      for (int w = 0; w < total.length; w++) {
        ObjectNode x = windows.addObject();
        x.put("metric", kind.label());
        x.put("window_start", time(plan, plan.windows().windowStart(w)));
        x.put("window_end", time(plan, plan.windows().windowEnd(w)));
        if (totals != null) {
          x.put("total", total[w]);
        }
        ObjectNode sums = x.putObject("published_sums");
        for (ReleasedCells l : levelCells) {
          sums.put(l.metric().level(), l.totalsPerSlot()[w]);
        }
      }
    }
  }

  private void lineage(ObjectNode l, ReleasePlan plan, ReportInputs in) {
    l.put("privflow_version", Version.current());
    ObjectNode req = l.putObject("request_file");
    req.put("name", plan.request().requestFile().getFileName().toString());
    req.put("sha256", in.requestSha256());
    ObjectNode pol = l.putObject("policy_file");
    pol.put("name", in.policy().file().getFileName().toString());
    pol.put("sha256", in.policy().sha256());
    ObjectNode reg = l.putObject("region_file");
    reg.put("name", plan.regions().name());
    reg.put("sha256", plan.regions().sha256());
    ObjectNode inputs = l.putObject("inputs");
    inputs.put("handling", "custodian_only");
    inputs.put("explanation", "The fingerprints of the raw input files are kept by the data custodian in "
        + CUSTODIAN_FILE + ": a fingerprint of a raw file would tell whether one subscriber's records are in it."
        + " The seal below is a keyed fingerprint of that list, which only the custodian can check.");
    inputs.put("seal", in.inputsSeal());
  }

  private String time(ReleasePlan plan, long millis) {
    return iso.format(Instant.ofEpochMilli(millis).atZone(plan.request().time().zone()));
  }

  /** A decimal as written by hand (a JSON number): 1.5, not 1.50000000000000000000 or 1.5E+0. */
  static BigDecimal plain(BigDecimal d) {
    return new BigDecimal(Decimals.plain(d));
  }

  /** Exact rejection counts for the custodian-only file. */
  ObjectNode custodian(ReleasePlan plan, ReportInputs in) {
    ObjectNode m = json.createObjectNode();
    m.put("request_id", plan.request().requestId());
    m.put("note", "custodian-only: exact figures about the raw data; never part of a release."
        + " report.json points here instead of holding them.");
    ArrayNode inputs = m.putArray("inputs");
    for (ReportInputs.InputDigest d : in.inputs()) {
      ObjectNode x = inputs.addObject();
      x.put("kind", d.kind());
      x.put("name", d.name());
      x.put("sha256", d.sha256());
    }
    m.put("inputs_seal", in.inputsSeal());
    ObjectNode rej = m.putObject("rejected_records");
    for (io.privflow.rejects.Source s : io.privflow.rejects.Source.values()) {
      ObjectNode o = rej.putObject(s.label());
      o.put("read", in.counters().read(s));
      o.put("rejected", in.counters().rejectedTotal(s));
      o.put("outside_time_range", in.counters().filtered(s));
      o.put("outside_regions", in.counters().outsideRegions(s));
      ObjectNode by = o.putObject("by_reason");
      for (Map.Entry<String, Long> e : in.counters().rejected(s).entrySet()) {
        by.put(e.getKey(), e.getValue());
      }
    }
    return m;
  }
}
