package io.privflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.privflow.engine.RunCounters;
import io.privflow.model.NoisyCount;
import io.privflow.plan.BudgetCharge;
import io.privflow.plan.ReleaseForecast;
import io.privflow.plan.ReleasePlan;
import io.privflow.policy.Policy;
import io.privflow.privacy.NoiseFigures;
import io.privflow.release.ReleaseRun;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report says only what is true at every epsilon (issue #12, part 6): it is rendered (report.json
 * and report.html, from the production model and renderer) for a small (0.1), a typical (1) and a
 * huge (100) epsilon, and for zCDP, over the same published cells, and each statement is checked
 * against the figures: no number with more than 6 significant digits, plain words that match the
 * size of e^epsilon, a totals sentence whose figures are the ones NoiseFigures gives and whose
 * verdict follows from them, and the interval's meaning and its limits. No pipeline runs here.
 */
class ReportWordingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** k of these reports: above 1, so empty cells are published with a probability that varies with epsilon. */
  private static final long K = 5;
  /** Cells of one OD window of the tiny regions (3 x 3) and OD windows (4 days, 3 transitions). */
  private static final long CELLS_PER_WINDOW = 9;
  private static final int WINDOWS = 3;

  @TempDir Path dir;

  private record Rendered(ReleaseRequest request, JsonNode json, String html) {}

  /**
   * Renders the report of the tiny request at {@code epsilon} (or rho with {@code gaussian}) with
   * fixed published cells: window 0 holds 12, 40 and 7, window 1 holds 25, window 2 nothing.
   */
  private Rendered render(String name, String epsilon, String rho) throws Exception {
    Path sub = Files.createDirectories(dir.resolve(name));
    Policy policy = Fixtures.policy(sub, rho == null ? "pure_dp" : "zcdp", "1000");
    RequestYaml yaml = RequestYaml.tiny().requestId("wording-" + name).minCount(K).output(sub.resolve("release"));
    yaml = rho == null ? yaml.epsilon(epsilon) : yaml.gaussian(rho);
    ReleaseRequest request = RequestParser.parse(yaml.write(sub));
    ReleasePlan plan = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy).plan(request);
    List<NoisyCount> cells = List.of(new NoisyCount(0, 12), new NoisyCount(4, 40), new NoisyCount(8, 7),
        new NoisyCount(9 + 3, 25));
    ReportInputs in = new ReportInputs(policy, BudgetCharge.of(request, policy), List.of(), new RunCounters(Map.of()),
        "0".repeat(64), List.of(), "1".repeat(64));
    JsonNode json = new ReportModel().build(plan, List.of(new ReleasedCells(plan.metrics().get(0), cells)),
        Instant.parse("2024-05-01T12:00:00Z"), in);
    assertEquals(List.of(), List.copyOf(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(JSON.readTree(Fixtures.projectRoot().resolve("docs/report.schema.json").toFile()),
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build()).validate(json)), name);
    return new Rendered(request, json, ReportHtml.render(json));
  }

  private static NoiseFigures laplace(ReleaseRequest r) {
    return NoiseFigures.discreteLaplace(r.metrics().od().maxTransitionsPerDevice()
        / r.privacy().guarantee().budget().toDouble());
  }

  @Test
  void smallEpsilonSaysAlmostTheSameAndSumsAreMostlyNoise() throws Exception {
    Rendered r = render("small", "0.1", null);
    JsonNode g = r.json().path("guarantee");
    assertEquals("strong", g.path("strength").asText());
    // e^0.1 = 1.10517, rounded up: at most a factor of 1.11
    assertTrue(g.path("plain_words").asText().contains("almost the same"), g.toString());
    assertTrue(g.path("plain_words").asText().contains("by at most a factor of 1.11 (e^epsilon, epsilon = 0.1)"));
    // belief: 0.1 / (0.1 + 0.9 e^-0.1) = 0.109366, rounded up to 11%
    assertTrue(g.path("in_practice").asText().contains("a belief of 10% can grow to at most 11%."), g.toString());
    // scale 3 / 0.1 = 30: empty cells are published with P[Z >= 5] = 0.43 and add much to the sums
    checkTotals(r, "if this table is sparse most of a published sum can be noise from empty cells");
    checkEverywhere(r);
  }

  @Test
  void typicalEpsilonSaysMuchTheSame() throws Exception {
    Rendered r = render("typical", "1", null);
    JsonNode g = r.json().path("guarantee");
    assertEquals("strong", g.path("strength").asText());
    assertTrue(g.path("plain_words").asText().contains("much the same"), g.toString());
    assertTrue(g.path("plain_words").asText().contains("by at most a factor of 2.72 (e^epsilon, epsilon = 1)"));
    // 0.1 / (0.1 + 0.9 e^-1) = 0.231968: 23.2%
    assertTrue(g.path("in_practice").asText().contains("to at most 23.2%."), g.toString());
    // scale 3: P[Z >= 5] = q^5 / (1 + q) = 0.110, 9 cells: about 0.99 empty cells adding about 7.45,
    // a share of 7.45 / (84 / 3) = 27% of the average published sum
    checkTotals(r, "empty cells can make up 26.6% of a published sum");
    checkEverywhere(r);
  }

  @Test
  void hugeEpsilonSaysThereIsNoMeaningfulProtection() throws Exception {
    Rendered r = render("huge", "100", null);
    JsonNode g = r.json().path("guarantee");
    assertEquals("negligible", g.path("strength").asText());
    String words = g.path("plain_words").asText();
    assertFalse(words.contains("the same"), words);
    assertTrue(words.contains("no meaningful protection"), words);
    // e^100 = 2.688e43: printed as its order of magnitude, never as 44 digits
    assertTrue(words.contains("a factor of up to about 2.7 \u00d7 10^43 (e^epsilon, epsilon = 100)"), words);
    assertTrue(g.path("in_practice").asText().contains("near certainty"), g.toString());
    assertTrue(r.html().contains("no meaningful protection in practice"), "the summary says so too");
    // scale 0.03: an empty cell is published with P[Z >= 5] = e^(-166.7) / (1 + q): no empty cell in effect
    checkTotals(r, "empty cells add less than 5% to a published sum");
    checkEverywhere(r);
  }

  @Test
  void zcdpPlainWordsFollowTheImpliedEpsilon() throws Exception {
    // rho 0.125 at delta 1e-6 is epsilon 2.753: moderate
    Rendered r = render("zcdp", null, "0.125");
    JsonNode g = r.json().path("guarantee");
    assertEquals("moderate", g.path("strength").asText());
    String words = g.path("plain_words").asText();
    assertFalse(words.contains("the same"), words);
    // e^2.75327 = 15.695, rounded up
    assertTrue(words.contains("by at most a factor of 15.7 (e^epsilon, epsilon = 2.753), except with a probability"
        + " of at most delta = 0.000001"), words);
    NoiseFigures f = NoiseFigures.discreteGaussian(3 / (2 * 0.125));
    JsonNode sums = r.json().at("/metrics/0/published_sums");
    assertEquals(CELLS_PER_WINDOW * f.releaseProbability(0, K),
        sums.path("expected_empty_cells_published_per_window").asDouble(), 1e-12);
    assertEquals(CELLS_PER_WINDOW * f.expectedAtLeast(K), sums.path("expected_sum_of_empty_cells_per_window")
        .asDouble(), 1e-12);
    checkEverywhere(r);
  }

  /**
   * The totals figures are NoiseFigures' and the released cells', the sentence prints them, its
   * verdict is {@code verdict}, and the old claim that suppression only understates is gone.
   */
  private static void checkTotals(Rendered r, String verdict) {
    NoiseFigures f = laplace(r.request());
    JsonNode sums = r.json().at("/metrics/0/published_sums");
    double p = f.releaseProbability(0, K);
    double expectedCells = CELLS_PER_WINDOW * p;
    double expectedSum = CELLS_PER_WINDOW * f.expectedAtLeast(K);
    assertEquals(CELLS_PER_WINDOW, sums.path("cells_per_window").asLong());
    assertEquals(p, sums.path("empty_cell_publish_probability").asDouble(), 1e-15);
    assertEquals(expectedCells, sums.path("expected_empty_cells_published_per_window").asDouble(),
        1e-12 * Math.max(1, expectedCells));
    assertEquals(expectedSum, sums.path("expected_sum_of_empty_cells_per_window").asDouble(),
        1e-12 * Math.max(1, expectedSum));
    assertEquals(4.0 / WINDOWS, sums.path("average_published_cells_per_window").asDouble(), 1e-12);
    assertEquals(84.0 / WINDOWS, sums.path("average_published_total_per_window").asDouble(), 1e-12);
    String s = sums.path("statement").asText();
    assertTrue(s.contains("are missing from them, which pulls a sum below the true total"), s);
    assertTrue(s.contains("published with probability " + ReleaseForecast.percent(p)), s);
    assertTrue(s.contains("in a window of 9 cells that are nearly all empty " + ReleaseForecast.approx(expectedCells)
        + " empty cells are published, adding " + ReleaseForecast.approx(expectedSum) + " to the window's sum"), s);
    assertTrue(s.contains("on average 1.33 published cells summing to 28"), s);
    assertTrue(s.contains(verdict), s);
    // the verdict follows from the share of the average published sum that empty cells can make up
    double share = expectedSum / 28;
    String expectedVerdict = share >= Wording.MOSTLY ? "far above the true total"
        : share >= Wording.LITTLE ? "can make up" : "add less than 5%";
    assertTrue(s.contains(expectedVerdict), share + ": " + s);
    assertTrue(r.html().contains(Html.esc(s)), "the chart's caption is the statement");
    assertFalse(r.html().contains("add nothing") || r.html().contains("understate the true numbers slightly"));
  }

  /** Statements present in both files, and no long numbers anywhere a reader looks. */
  private static void checkEverywhere(Rendered r) {
    JsonNode m = r.json().at("/metrics/0");
    NoiseFigures f = r.request().privacy().guarantee().unit().equals("epsilon") ? laplace(r.request())
        : NoiseFigures.discreteGaussian(3 / (2 * r.request().privacy().guarantee().budget().toDouble()));
    JsonNode interval = m.path("interval");
    assertEquals(f.halfWidth95(), interval.path("half_width").asLong());
    assertEquals(f.coverage95(), interval.path("coverage_before_threshold").asDouble(), 1e-15);
    assertTrue(interval.path("meaning").asText().contains("ci95_low and ci95_high: the published count minus and"
        + " plus " + f.halfWidth95()), interval.toString());
    String caveat = interval.path("not_meaning").asText();
    assertTrue(caveat.startsWith("It is not a promise about published cells alone."), caveat);
    // what it says of published empty cells is what the figures say
    if (K > f.halfWidth95()) {
      assertTrue(caveat.contains("never holds 0") && f.coverageIfReleased(0, K) == 0, caveat);
    } else {
      assertTrue(caveat.contains("misses 0 whenever its noise exceeded " + f.halfWidth95())
          && f.coverageIfReleased(0, K) > 0 && f.coverageIfReleased(0, K) < f.coverage95(), caveat);
    }
    for (JsonNode c : m.path("release_probability")) {
      assertEquals(f.coverageIfReleased(c.path("true_count").asLong(), K),
          c.path("interval_coverage_if_published").asDouble(), 1e-12, c.toString());
    }
    for (String text : List.of(interval.path("meaning").asText(), interval.path("not_meaning").asText(),
        r.json().at("/guarantee/plain_words").asText(), r.json().at("/guarantee/in_practice").asText())) {
      assertTrue(r.html().contains(Html.esc(text)), "report.html shows: " + text);
    }
    List<String> long6 = new ArrayList<>();
    strings(r.json(), "", long6);
    long6.addAll(longNumbers(visibleText(r.html())).stream().map(x -> "html: " + x).toList());
    assertEquals(List.of(), long6, "numbers with more than 6 significant digits");
  }

  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})?)?");
  private static final Pattern NUMBER = Pattern.compile("\\d[\\d,]*(\\.\\d+)?");

  /** The numbers in a text with more than 6 significant digits (dates and times are not figures). */
  static List<String> longNumbers(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = NUMBER.matcher(TIMESTAMP.matcher(text).replaceAll(" "));
    while (m.find()) {
      String digits = m.group().replaceAll(",(?=\\d{3})", "").replace(",", "");
      String sig = digits.contains(".") ? digits.replace(".", "").replaceFirst("^0+", "")
          : digits.replaceFirst("^0+", "").replaceFirst("0+$", "");
      if (sig.length() > 6) {
        found.add(m.group());
      }
    }
    return found;
  }

  @Test
  void theLongNumberCheckCatchesALongNumber() {
    // negative control of the check itself: the old report printed e^100 in full
    assertEquals(List.of("26881171418161356000000000000000000000000000.00"),
        longNumbers("by at most a factor of 26881171418161356000000000000000000000000000.00 (e^epsilon)"));
    assertEquals(List.of("1.6487213"), longNumbers("a factor of 1.6487213, from 10% to 15.5%"));
    assertEquals(List.of(), longNumbers("about 22,000 on 2024-05-01T12:00:00.123456Z, 0.000123, 192,074 and 1.5"));
  }

  /** String values of report.json, except fingerprints and times. */
  private static void strings(JsonNode n, String path, List<String> bad) {
    if (n.isTextual() && !path.endsWith("sha256") && !path.endsWith("seal")) {
      longNumbers(n.asText()).forEach(x -> bad.add(path + ": " + x));
    } else if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        strings(e.getValue(), path + "/" + e.getKey(), bad);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        strings(n.get(i), path + "/" + i, bad);
      }
    }
  }

  /** What a reader of the page sees: no style, script, markup attributes or fingerprints. */
  private static String visibleText(String html) {
    return html.replaceAll("(?s)<style>.*?</style>|<script>.*?</script>", " ")
        .replaceAll("(?s)<(span|td) class=\"hash\">.*?</(span|td)>", " ")
        .replaceAll("<[^>]*>", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
  }
}
