package io.privflow.report;

import static io.privflow.report.Html.count;
import static io.privflow.report.Html.esc;
import static io.privflow.report.Wording.sig;

import com.fasterxml.jackson.databind.JsonNode;
import io.privflow.plan.ReleaseForecast;

/**
 * {@code report.html}: the report for a Data Protection Officer, rendered from {@code report.json}
 * alone (so both say the same). Self-contained: inline CSS and SVG, no fonts, images or scripts
 * from anywhere, and a Content-Security-Policy that forbids fetching any. The one inline script
 * only marks the page as rendered, for the browser test.
 */
final class ReportHtml {
  private ReportHtml() {}

  private static final String PAGE = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Anonymisation report: %1$s</title>
      <style>
      body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
             margin: 0 auto; max-width: 1040px; padding: 24px 32px 64px; color: #1a202c; line-height: 1.5; }
      h1 { font-size: 1.7em; margin-bottom: 0.2em; }
      h2 { font-size: 1.25em; border-bottom: 2px solid #2b6cb0; padding-bottom: 4px; margin-top: 2em; }
      h3 { font-size: 1.05em; margin-bottom: 0.3em; }
      .sub { color: #4a5568; margin-top: 0; }
      .summary { background: #ebf4ff; border-left: 5px solid #2b6cb0; padding: 12px 18px; margin: 18px 0; }
      .note { background: #fffaf0; border-left: 5px solid #dd6b20; padding: 10px 16px; }
      table { border-collapse: collapse; margin: 8px 0 16px; }
      th, td { text-align: left; padding: 5px 12px 5px 0; border-bottom: 1px solid #e2e8f0; vertical-align: top; }
      th { color: #2d3748; font-weight: 600; white-space: nowrap; }
      td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      td.p { white-space: nowrap; }
      code, .hash { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85em; }
      .hash { word-break: break-all; }
      figure { margin: 12px 0 24px; }
      figcaption { color: #4a5568; font-size: 0.9em; max-width: 760px; }
      .key { display: inline-block; width: 12px; height: 12px; vertical-align: middle; margin: 0 4px 0 10px; }
      </style>
      </head>
      <body data-rendered="pending">
      <h1>Anonymisation report</h1>
      <p class="sub">Release <strong>%1$s</strong> of dataset <strong>%2$s</strong>, made %3$s with privflow %4$s.</p>
      <div class="summary">%5$s</div>
      %6$s
      <script>document.body.setAttribute('data-rendered', 'ok');</script>
      </body>
      </html>
      """;

  static String render(JsonNode r) {
    StringBuilder body = new StringBuilder();
    requester(body, r);
    protection(body, r);
    budget(body, r);
    if (r.has("hierarchy")) {
      hierarchy(body, r.path("hierarchy"));
    }
    for (JsonNode m : r.path("metrics")) {
      metric(body, r, m);
    }
    lineage(body, r);
    raw(body, r);
    return PAGE.formatted(esc(r.path("request_id").asText()), esc(r.path("dataset").asText()),
        esc(r.path("created_at").asText()), esc(r.path("privflow_version").asText()), summary(r), body);
  }

  private static String summary(JsonNode r) {
    JsonNode g = r.path("guarantee");
    StringBuilder s = new StringBuilder();
    s.append("<p><strong>In short.</strong> ").append(esc(r.at("/requester/organisation").asText("the requester")))
        .append(" receives noisy counts of devices, never records about any device. ");
    s.append("Each count has random noise added, and counts below a threshold after the noise are left out");
    s.append(r.at("/threshold/release").asText().equals("partition_selection")
        ? "; only cells that hold at least one device can appear. " : ". ");
    s.append("The release is protected by differential privacy with epsilon = ")
        .append(sig(g.path("epsilon").asDouble(), 4));
    if (g.has("rho")) {
      s.append(" (delta = ").append(esc(g.path("delta").asText())).append(")");
    }
    String strength = g.path("strength").asText();
    if (strength.equals("weak")) {
      s.append(", which protects only weakly (see section 2)");
    } else if (strength.equals("negligible")) {
      s.append(", which at this size gives no meaningful protection in practice (see section 2)");
    }
    s.append(". The recipient must delete the data after ").append(esc(r.at("/requester/retention_until").asText()))
        .append(".</p>");
    return s.toString();
  }

  private static void requester(StringBuilder b, JsonNode r) {
    JsonNode q = r.path("requester");
    b.append("<h2>1. Who asked, why, and for how long</h2><table>");
    row(b, "Organisation", q.path("organisation").asText());
    row(b, "Contact", q.path("contact").asText());
    row(b, "Purpose", q.path("purpose").asText());
    row(b, "Legal basis", q.path("legal_basis").asText());
    row(b, "Delete the data after", q.path("retention_until").asText());
    JsonNode t = r.path("time_range");
    row(b, "Period covered", t.path("start").asText() + " to " + t.path("end_exclusive").asText()
        + " (end excluded), time zone " + t.path("zone").asText());
    row(b, "Time windows", t.path("windows").asLong() + " windows of " + t.path("window").asText());
    JsonNode rs = r.path("region_set");
    row(b, "Regions", rs.path("count").asLong() + " regions of the set '" + rs.path("name").asText() + "'");
    row(b, "Placing network events", rs.path("mapping_rule").asText());
    b.append("</table>");
  }

  private static void protection(StringBuilder b, JsonNode r) {
    JsonNode g = r.path("guarantee");
    b.append("<h2>2. What is protected, and how well</h2>");
    b.append("<h3>Who is protected</h3><p>The privacy unit is ").append(esc(r.path("privacy_unit").asText()))
        .append(". Everything below holds for every such device, including devices with unusual movements.</p>");
    b.append("<h3>What the guarantee means</h3><p>").append(esc(g.path("plain_words").asText())).append("</p>");
    b.append("<p>").append(esc(g.path("in_practice").asText())).append("</p>");
    b.append("<table>");
    row(b, "Mechanism", g.path("mechanism").asText() + " (" + g.path("accounting").asText() + ")");
    if (g.has("rho")) {
      row(b, "rho (zCDP)", sig(g.path("rho").asDouble(), 6));
      row(b, "Equivalent epsilon, delta", sig(g.path("epsilon").asDouble(), 5) + ", " + g.path("delta").asText());
    } else {
      row(b, "epsilon", g.path("epsilon").asText());
      row(b, "delta", "0 (the guarantee has no failure probability)");
    }
    row(b, "Release mode", r.at("/threshold/release").asText().equals("partition_selection")
        ? "partition selection: only cells that hold devices can be published"
        : "full domain: every possible cell gets noise, empty ones included");
    b.append("</table><p>").append(esc(r.at("/threshold/rule").asText())).append("</p>");
  }

  private static void budget(StringBuilder b, JsonNode r) {
    JsonNode bu = r.path("budget");
    String unit = bu.path("unit").asText();
    b.append("<h2>3. Privacy budget of the dataset</h2>");
    b.append("<p>Every release uses up part of the dataset's privacy budget, and the losses add up. The custodian"
        + " allows ").append(esc(unit)).append(" ").append(esc(bu.path("budget_per_period").asText()))
        .append(" per ").append(esc(bu.path("period").asText())).append(" over all releases of this dataset (")
        .append(esc(bu.path("accounting").asText())).append(" accounting). This release costs ")
        .append(esc(bu.path("this_release").asText())).append(".</p>");
    b.append("<table><tr><th>period</th><th>budget</th><th>spent before</th><th>this release</th>"
        + "<th>cumulative</th><th>left</th><th></th></tr>");
    for (JsonNode p : bu.path("periods")) {
      b.append("<tr><td class=\"p\">").append(esc(p.path("period").asText())).append("</td>");
      for (String f : new String[] {"budget", "spent_before", "this_release", "cumulative", "remaining"}) {
        b.append("<td class=\"n\">").append(esc(p.path(f).decimalValue().stripTrailingZeros().toPlainString()))
            .append("</td>");
      }
      b.append("<td>").append(Charts.budgetBar(p)).append("</td></tr>");
    }
    b.append("</table><p><span class=\"key\" style=\"background:#8a99a8\"></span>spent before"
        + "<span class=\"key\" style=\"background:#dd6b20\"></span>this release"
        + "<span class=\"key\" style=\"background:#e6eef5;border:1px solid #9ab\"></span>left</p><p>")
        .append(esc(bu.path("explanation").asText())).append("</p>");
  }

  /** A region hierarchy: its levels, how its tables add up, and per window the sums that agree. */
  private static void hierarchy(StringBuilder b, JsonNode h) {
    b.append("<h2>Two levels of regions</h2><p>").append(esc(h.path("statement").asText())).append("</p><table>")
        .append("<tr><th>level</th><th>regions</th><th>share of each metric's budget</th><th>file</th></tr>");
    for (JsonNode l : h.path("levels")) {
      b.append("<tr><td>").append(esc(l.path("name").asText())).append("</td><td>").append(l.path("regions").asLong())
          .append("</td><td>").append(l.path("budget_share").asDouble()).append("</td><td><code>")
          .append(esc(l.path("region_file").asText())).append("</code></td></tr>");
    }
    b.append("</table><h3>Per window: the total and each level's sum of published cells</h3><table><tr><th>metric"
        + "</th><th>window start</th><th>total</th><th>sums of published cells</th></tr>");
    for (JsonNode w : h.path("windows")) {
      StringBuilder sums = new StringBuilder();
      w.path("published_sums").fields().forEachRemaining(e -> sums.append(sums.length() == 0 ? "" : ", ")
          .append(esc(e.getKey())).append(" ").append(e.getValue().asLong()));
      b.append("<tr><td>").append(esc(w.path("metric").asText())).append("</td><td>")
          .append(esc(w.path("window_start").asText())).append("</td><td>")
          .append(w.has("total") ? String.valueOf(w.path("total").asLong()) : "(not published)").append("</td><td>")
          .append(sums).append("</td></tr>");
    }
    b.append("</table>");
  }

  private static void metric(StringBuilder b, JsonNode r, JsonNode m) {
    String name = m.path("metric").asText();
    boolean od = name.equals("od");
    String level = m.has("level") ? ", level " + esc(m.path("level").asText()) : "";
    if (m.has("home")) {
      boolean homeOd = name.equals("home_od");
      b.append("<h2>4").append(homeOd ? "d" : "c").append(". ").append(homeOd
          ? "Movements between regions by home region" : "Devices present in each region by home region")
          .append("</h2><p>").append(esc(m.path("home").asText())).append(" Budget share ")
          .append(sig(m.path("budget_share").asDouble(), 6)).append(", L1 sensitivity ")
          .append(m.at("/contribution_bound/value").asLong()).append(", L2 sensitivity ")
          .append(sig(Math.sqrt(m.at("/contribution_bound/value").asLong()), 4)).append(".</p>");
    } else {
      b.append("<h2>4").append(od ? "" : "b").append(". ").append(od ? "Movements between regions (origin-destination)"
          : "Devices present in each region").append(level).append("</h2>");
    }
    if (m.has("consistency")) {
      JsonNode c = m.path("consistency");
      b.append("<div class=\"note\"><p>").append(esc(c.path("statement").asText())).append("</p><p>")
          .append(esc(c.path("exact").asText())).append(" ").append(esc(c.path("estimated").asText()))
          .append("</p></div>");
    }
    b.append("<p>Files <code>").append(esc(m.path("files").asText())).append("</code>. ")
        .append(od ? "Each count is the number of devices seen in one region in a window and in another (or the"
            + " same) region in the next window." : "Each count is the number of devices whose main region in a"
            + " window was that region.").append("</p>");
    JsonNode noise = m.path("noise");
    JsonNode cells = m.path("cells");
    JsonNode bound = m.path("contribution_bound");
    b.append("<table>");
    row(b, "Share of the budget", m.path("budget_name").asText() + " " + sig(m.path("budget").asDouble(), 6));
    row(b, "Contribution bound", bound.path("name").asText() + " = " + bound.path("value").asLong() + ": "
        + bound.path("meaning").asText());
    String parameter = noise.has("scale") ? ", scale " + sig(noise.path("scale").asDouble(), 6)
        : noise.has("sigma_squared") ? ", sigma\u00b2 " + sig(noise.path("sigma_squared").asDouble(), 6) : "";
    row(b, "Noise", noise.path("mechanism").asText() + parameter + "; standard deviation "
        + sig(noise.path("standard_deviation").asDouble(), 4) + " per count");
    JsonNode interval = m.path("interval");
    row(b, "95% interval", "columns ci95_low, ci95_high: the count \u00b1" + interval.path("half_width").asLong()
        + "; before the threshold it holds the true count for "
        + ReleaseForecast.percent(interval.path("coverage_before_threshold").asDouble())
        + " of cells, among published cells less often (see below)");
    row(b, "Cells", count(cells.path("domain").asLong()) + " possible, " + count(cells.path("released").asLong())
        + " published, " + count(cells.path("suppressed").asLong()) + " suppressed (noisy count below k)");
    JsonNode th = m.path("threshold");
    row(b, "Threshold k", th.path("value").asLong() + ": " + th.path("origin").asText());
    if (!r.at("/threshold/release").asText().equals("partition_selection")) {
      row(b, "Empty cells published", ReleaseForecast.approx(th.path("expected_empty_published_per_window").asDouble())
          + " per window are expected to be empty cells whose noise alone reached k (of "
          + count(th.path("cells_per_window").asLong()) + " possible cells per window)");
      StringBuilder shares = new StringBuilder();
      for (JsonNode x : th.path("empty_share_of_published")) {
        shares.append(shares.length() == 0 ? "" : "; ").append("at most ")
            .append(ReleaseForecast.percent(x.path("at_most").asDouble())).append(" if ")
            .append(sig(100 * x.path("nonempty_cell_share").asDouble(), 3)).append("% of cells hold devices");
      }
      row(b, "Published cells that are empty", shares.toString());
    }
    row(b, "Sum of published counts", count(m.path("released_total").asLong()));
    b.append("</table>");
    b.append("<h3>The 95% interval of each count</h3><p>").append(esc(interval.path("meaning").asText()))
        .append("</p><p>").append(esc(interval.path("not_meaning").asText())).append("</p>");
    b.append("<h3>How likely is a small count to be published?</h3><p>A count is published only if its noisy"
        + " value reaches k = ").append(m.at("/threshold/value").asLong()).append(". Because the noise is"
        + " random, a cell with few devices is usually, but not always, left out; this is expected and is"
        + " covered by the guarantee above.</p><table><tr><th>true count</th><th>chance of being published</th>"
        + "<th>if published, chance that its interval holds the true count</th></tr>");
    for (JsonNode c : m.path("release_probability")) {
      b.append("<tr><td>").append(esc(c.path("label").asText())).append("</td><td class=\"n\">")
          .append(esc(ReleaseForecast.percent(c.path("probability").asDouble()))).append("</td><td class=\"n\">")
          .append(esc(c.path("interval_coverage_if_published").isNull() ? "(never published)"
              : ReleaseForecast.percent(c.path("interval_coverage_if_published").asDouble())))
          .append("</td></tr>");
    }
    b.append("</table>");
    b.append("<h3>Published totals per window</h3><figure>")
        .append(Charts.totalsPerWindow(m.path("totals_per_window"), "published totals per window"))
        .append("<figcaption>Sum of the published (noisy) counts of each ").append(od ? "origin " : "")
        .append("window. ").append(esc(m.at("/published_sums/statement").asText())).append("</figcaption></figure>");
    if (m.has("noisy_totals")) {
      JsonNode t = m.path("noisy_totals");
      b.append("<h3>Window totals, each its own noisy count</h3><p>Files <code>").append(esc(t.path("files").asText()))
          .append("</code>, ").append(esc(t.path("budget_name").asText())).append(" ")
          .append(sig(t.path("budget").asDouble(), 6)).append(" of the budget. ")
          .append(esc(t.path("statement").asText())).append("</p><figure>")
          .append(Charts.noisyTotals(t.path("windows"), "noisy window totals with their 95% intervals, beside the"
              + " sums of published cells"))
          .append("<figcaption>Dots: each ").append(od ? "origin " : "").append("window's noisy total; whiskers: its"
              + " 95% interval; bars: the sum of the cells published for that window.</figcaption></figure>");
    }
    if (m.has("heatmap_omitted")) {
      b.append("<p>").append(Html.esc(m.path("heatmap_omitted").asText())).append("</p>");
    }
    if (m.has("heatmap")) {
      JsonNode h = m.path("heatmap");
      b.append("<h3>Published movements in one window</h3><figure>").append(Charts.heatmap(h))
          .append("<figcaption>Rows: origin region in the window starting ").append(esc(h.path("window_start")
              .asText())).append("; columns: destination region in the next window (ending ")
          .append(esc(h.path("next_window_end").asText())).append("). Chosen as ")
          .append(esc(h.path("selection").asText())).append(". Hatched cells were suppressed."
              + "</figcaption></figure>");
    }
  }

  private static void lineage(StringBuilder b, JsonNode r) {
    JsonNode l = r.path("lineage");
    b.append("<h2>5. Where the figures come from</h2><p>SHA-256 fingerprints of the public files the release was"
        + " made from: anyone holding one can check it is the one used. privflow version ")
        .append(esc(l.path("privflow_version").asText())).append(".</p><table><tr><th>file</th><th>role</th>"
            + "<th>SHA-256</th></tr>");
    lineageRow(b, l.path("request_file"), "release request");
    lineageRow(b, l.path("policy_file"), "custodian policy");
    lineageRow(b, l.path("region_file"), "region boundaries");
    b.append("</table><p>").append(esc(l.at("/inputs/explanation").asText())).append(" Seal: <span class=\"hash\">")
        .append(esc(l.at("/inputs/seal").asText())).append("</span></p>");
  }

  private static void lineageRow(StringBuilder b, JsonNode f, String role) {
    b.append("<tr><td>").append(esc(f.path("name").asText())).append("</td><td>").append(esc(role))
        .append("</td><td class=\"hash\">").append(esc(f.path("sha256").asText())).append("</td></tr>");
  }

  private static void raw(StringBuilder b, JsonNode r) {
    JsonNode x = r.path("raw_data_figures");
    b.append("<h2>6. Rejected input records</h2><div class=\"note\"><p>").append(esc(x.path("explanation").asText()))
        .append("</p><p>Custodian-only file: <code>").append(esc(x.path("custodian_directory").asText())).append("/")
        .append(esc(x.path("custodian_file").asText())).append("</code>.</p></div><p>Reason codes: ");
    boolean first = true;
    for (JsonNode c : x.path("reason_codes")) {
      b.append(first ? "" : ", ").append("<code>").append(esc(c.asText())).append("</code>");
      first = false;
    }
    b.append(".</p>");
  }

  private static void row(StringBuilder b, String k, String v) {
    b.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v.isEmpty() ? "(not given)" : v))
        .append("</td></tr>");
  }
}
