package io.privflow.report;

import static io.privflow.report.Html.count;
import static io.privflow.report.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Inline SVG charts of released values: nothing is fetched, nothing is drawn from true counts. */
final class Charts {
  private Charts() {}

  /** A bar per window of the released totals (sums of released noisy counts). */
  static String totalsPerWindow(JsonNode windows, String what) {
    int n = windows.size();
    long max = 1;
    for (JsonNode w : windows) {
      max = Math.max(max, w.path("released_total").asLong());
    }
    Frame f = Frame.of(n);
    int left = f.left();
    int top = f.top();
    int plotH = f.plotH();
    int bar = f.bar();
    int gap = f.gap();
    int width = f.width();
    StringBuilder s = f.open(max, what);
    for (int i = 0; i < n; i++) {
      JsonNode w = windows.get(i);
      long v = w.path("released_total").asLong();
      double h = plotH * (double) v / max;
      int x = left + gap + i * (bar + gap);
      String start = w.path("window_start").asText();
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#2b6cb0\">"
          + "<title>%s: %s released in %s cells</title></rect>", x, top + plotH - h, bar, h, esc(start), count(v),
          count(w.path("released_cells").asLong())));
      String label = windowLabel(start);
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#444\""
          + " transform=\"rotate(-45 %.1f %d)\" text-anchor=\"end\">%s</text>", x + bar / 2.0, top + plotH + 14,
          x + bar / 2.0, top + plotH + 14, esc(label)));
    }
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", left,
        top + plotH, width - 10, top + plotH));
    return s.append("</svg>").toString();
  }

  /**
   * Per window, the noisy total as a dot with its 95% interval as a whisker, over a bar of the sum
   * of published cells: all released values. A negative noisy total is drawn at 0 (its value is in
   * the tooltip).
   */
  static String noisyTotals(JsonNode windows, String what) {
    int n = windows.size();
    long max = 1;
    for (JsonNode w : windows) {
      max = Math.max(max, Math.max(w.path("ci95_high").asLong(), w.path("published_cells_sum").asLong()));
    }
    Frame f = Frame.of(n);
    int left = f.left();
    int top = f.top();
    int plotH = f.plotH();
    int bar = f.bar();
    int gap = f.gap();
    int width = f.width();
    StringBuilder s = f.open(max, what);
    for (int i = 0; i < n; i++) {
      JsonNode w = windows.get(i);
      long sum = w.path("published_cells_sum").asLong();
      long total = w.path("total").asLong();
      int x = left + gap + i * (bar + gap);
      double cx = x + bar / 2.0;
      double hb = plotH * (double) sum / max;
      String start = w.path("window_start").asText();
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\""
          + " fill=\"#c3d3e6\"><title>%s: published cells sum to %s</title></rect>", x, top + plotH - hb, bar, hb,
          esc(start), count(sum)));
      double yLow = top + plotH - plotH * (double) w.path("ci95_low").asLong() / max;
      double yHigh = top + plotH - plotH * (double) w.path("ci95_high").asLong() / max;
      double yDot = top + plotH - plotH * (double) Math.max(0, total) / max;
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
          + " stroke=\"#1a365d\" stroke-width=\"1.5\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\""
          + " fill=\"#dd6b20\"><title>%s: noisy total %s, 95%% interval %s to %s</title></circle>", cx, yLow, cx,
          yHigh, cx, yDot, esc(start), count(total), count(w.path("ci95_low").asLong()),
          count(w.path("ci95_high").asLong())));
      String label = windowLabel(start);
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#444\""
          + " transform=\"rotate(-45 %.1f %d)\" text-anchor=\"end\">%s</text>", cx, top + plotH + 14, cx,
          top + plotH + 14, esc(label)));
    }
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>", left,
        top + plotH, width - 10, top + plotH));
    return s.append("</svg>").toString();
  }

  /** The layout of a chart with a bar (or mark) per window: margins, plot height, bar width, gaps. */
  private record Frame(int left, int top, int plotH, int bar, int gap, int width, int height) {
    static Frame of(int windows) {
      int bar = Math.max(4, Math.min(60, 900 / Math.max(1, windows)));
      int gap = Math.max(2, bar / 4);
      return new Frame(70, 20, 220, bar, gap, 70 + windows * (bar + gap) + 20, 20 + 220 + 70);
    }

    /** The SVG element with its title and the grid from 0 to {@code max}. */
    StringBuilder open(long max, String what) {
      StringBuilder s = svg(width, height, what);
      grid(s, left, top, plotH, width, max);
      return s;
    }
  }

  private static StringBuilder svg(int width, int height, String what) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", width, height, width, height, esc(what)));
    return s.append("<title>").append(esc(what)).append("</title>");
  }

  /** Five horizontal grid lines from 0 to {@code max}, labelled on the left. */
  private static void grid(StringBuilder s, int left, int top, int plotH, int width, long max) {
    for (int i = 0; i <= 4; i++) {
      long v = Math.round(max * i / 4.0);
      double y = top + plotH - plotH * i / 4.0;
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
          + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#444\">%s</text>",
          left, y, width - 10, y, left - 6, y + 4, count(v)));
    }
  }

  /** "03-02" for a window starting at midnight, "03-02 06:00" otherwise. */
  private static String windowLabel(String start) {
    return start.length() >= 16 ? start.substring(5, 10) + (start.substring(11, 16).equals("00:00") ? ""
        : " " + start.substring(11, 16)) : start;
  }

  /**
   * The released OD matrix of one window: origin rows, destination columns, darker for more; a
   * suppressed cell (noisy count below k) is hatched grey, because its value was not published.
   */
  static String heatmap(JsonNode h) {
    List<String> ids = new ArrayList<>();
    h.path("regions").forEach(x -> ids.add(x.asText()));
    List<String> names = new ArrayList<>();
    h.path("region_names").forEach(x -> names.add(x.asText()));
    int n = ids.size();
    Map<String, Long> cells = new HashMap<>();
    long max = 1;
    for (JsonNode c : h.path("cells")) {
      long v = c.path("count").asLong();
      cells.put(c.path("origin").asText() + "\u0000" + c.path("destination").asText(), v);
      max = Math.max(max, v);
    }
    int cell = Math.max(8, Math.min(40, 640 / Math.max(1, n)));
    int label = 90;
    int size = label + n * cell;
    int legend = 50;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"released origin-destination counts\">",
        size + 20, size + legend, size + 20, size + legend));
    s.append("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
        + " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f2f2f2\"/>"
        + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#c8c8c8\" stroke-width=\"2\"/></pattern>"
        + "<linearGradient id=\"scale\"><stop offset=\"0\" stop-color=\"" + colour(0) + "\"/>"
        + "<stop offset=\"1\" stop-color=\"" + colour(1) + "\"/></linearGradient></defs>");
    for (int i = 0; i < n; i++) {
      String tip = names.size() > i && !names.get(i).isEmpty() ? ids.get(i) + " (" + names.get(i) + ")" : ids.get(i);
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\""
          + " fill=\"#333\"><title>%s</title>%s</text>", label - 4, label + i * cell + cell / 2.0 + 4, esc(tip),
          esc(shorten(ids.get(i)))));
      double x = label + i * cell + cell / 2.0;
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#333\""
          + " transform=\"rotate(-60 %.1f %d)\"><title>%s</title>%s</text>", x, label - 4, x, label - 4, esc(tip),
          esc(shorten(ids.get(i)))));
    }
    for (int o = 0; o < n; o++) {
      for (int d = 0; d < n; d++) {
        Long v = cells.get(ids.get(o) + "\u0000" + ids.get(d));
        String fill = v == null ? "url(#hatch)" : colour((double) v / max);
        String tip = ids.get(o) + " \u2192 " + ids.get(d) + ": " + (v == null ? "suppressed (noisy count below k)"
            : count(v));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\""
            + " stroke=\"#fff\"><title>%s</title></rect>", label + d * cell, label + o * cell, cell, cell, fill,
            esc(tip)));
        if (v != null && cell >= 28) {
          s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\""
              + " fill=\"%s\">%s</text>", label + d * cell + cell / 2.0, label + o * cell + cell / 2.0 + 3.5,
              (double) v / max > 0.55 ? "#fff" : "#111", v < 10_000 ? Long.toString(v) : count(v / 1000) + "k"));
        }
      }
    }
    int ly = size + 14;
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"160\" height=\"12\" fill=\"url(#scale)\"/>"
        + "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#333\">0</text>"
        + "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#333\" text-anchor=\"end\">%s</text>"
        + "<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"12\" fill=\"url(#hatch)\" stroke=\"#ccc\"/>"
        + "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#333\">suppressed</text>",
        label, ly, label, ly + 26, label + 160, ly + 26, count(max), label + 190, ly, label + 214, ly + 10));
    return s.append("</svg>").toString();
  }

  /** White to dark blue. */
  private static String colour(double t) {
    t = Math.max(0, Math.min(1, t));
    int r = (int) Math.round(235 - t * (235 - 16));
    int g = (int) Math.round(242 - t * (242 - 55));
    int b = (int) Math.round(250 - t * (250 - 120));
    return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
  }

  private static String shorten(String s) {
    return s.length() <= 12 ? s : s.substring(0, 11) + "\u2026";
  }

  /** A horizontal bar: spent before, this release, left; in the budget's unit. */
  static String budgetBar(JsonNode period) {
    double budget = period.path("budget").asDouble();
    double before = period.path("spent_before").asDouble();
    double mine = period.path("this_release").asDouble();
    int w = 300;
    double x1 = w * Math.min(1, before / budget);
    double x2 = w * Math.min(1, (before + mine) / budget);
    return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"26\""
        + " viewBox=\"0 0 %d 26\" role=\"img\" aria-label=\"budget of period %s\">"
        + "<rect x=\"0\" y=\"3\" width=\"%d\" height=\"20\" fill=\"#e6eef5\" stroke=\"#9ab\"/>"
        + "<rect x=\"0\" y=\"3\" width=\"%.1f\" height=\"20\" fill=\"#8a99a8\"><title>spent before</title></rect>"
        + "<rect x=\"%.1f\" y=\"3\" width=\"%.1f\" height=\"20\" fill=\"#dd6b20\"><title>this release</title></rect>"
        + "</svg>", w, w, esc(period.path("period").asText()), w, x1, x1, x2 - x1);
  }
}
