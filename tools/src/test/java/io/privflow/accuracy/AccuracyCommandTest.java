package io.privflow.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.cli.Privflow;
import io.privflow.generate.GenerateOptions;
import io.privflow.generate.SampleDataGenerator;
import io.privflow.plan.MetricPlan;
import io.privflow.plan.NoiseCalibration;
import io.privflow.plan.ReleasePlanner;
import io.privflow.policy.Policy;
import io.privflow.privacy.ReleaseMode;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import io.privflow.tools.PrivflowTools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accuracy command end to end on a small generated population (60 devices, 4 days; embedded
 * Flink, the production default, as fast here as the DirectRunner is on a third of it), where the
 * answers are known without the figures: a partition selection publishes no empty cell, and at
 * epsilon 100 and rho 100 the noise is 0 except with probability below 1e-13 per draw (under 3,000
 * draws in all: a false failure below 1e-9), so in a full-domain release with k = 1 every
 * non-empty cell and no empty one is published and the sums of published cells are the true totals
 * (L = 3 keeps every transition of 4 daily windows, so nothing is lost to the bound).
 */
class AccuracyCommandTest {
  @TempDir Path dir;

  private Path request(Path data) throws Exception {
    return RequestYaml.tiny()
        .networkEvents(data.resolve("network_events.csv").toString())
        .gpsEvents(data.resolve("gps_events.csv").toString())
        .cells(data.resolve("cells.csv").toString())
        .regionsFile(data.resolve("regions.geojson"))
        .start("2020-03-02").end("2020-03-06").zone("Europe/Copenhagen")
        .write(dir);
  }

  @Test
  void tablesOfAGeneratedPopulation() throws Exception {
    Path data = dir.resolve("data");
    SampleDataGenerator.generate(new GenerateOptions(60, 4, 3, LocalDate.parse("2020-03-02"), 0.3), data, "data");
    Path req = request(data);
    Fixtures.zcdpPolicy(dir, "100", "0.001");
    Path out = dir.resolve("accuracy.md");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream before = System.out;
    int code;
    try {
      System.setOut(new PrintStream(console, true));
      code = Privflow.run(new PrivflowTools(), "accuracy", "--policy", dir.resolve("policy.yaml").toString(),
          "--request", req.toString(), "--mode", "full_domain,partition_selection", "--epsilon", "100",
          "--rho", "100", "--threshold", "min_count:1", "--repetitions", "3", "--runner", "flink", "--parallelism", "2",
          "--out", out.toString());
    } finally {
      System.setOut(before);
    }
    assertEquals(0, code, console.toString());
    String text = Files.readString(out);
    assertTrue(text.contains("Custodian-only"), text);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)), "owner-only");
    List<Map<String, String>> truth = table(text, "| metric | time slots");
    assertEquals(1, truth.size());
    Map<String, String> t = truth.get(0);
    assertEquals("3", t.get("time slots"));
    assertEquals("0.0%", t.get("lost to the bound"), "L = 3 keeps every transition of 3 slots");
    assertEquals(t.get("true total"), t.get("bounded total"));
    String nonEmpty = t.get("non-empty after the bound");
    assertEquals(t.get("non-empty cells"), nonEmpty);
    assertNotEquals("0", nonEmpty, "the population moves");

    List<Map<String, String>> rows = table(text, "| metric | mode");
    assertEquals(3, rows.size(), "full domain at epsilon 100 and at rho 100, and a selection at rho 100");
    for (Map<String, String> r : rows) {
      String which = r.get("mode") + " " + r.get("budget");
      assertEquals("0.0%", r.get("empty share"), which);
      assertEquals("0", r.get("empty / window"), which);
      assertTrue(r.get("recall >= 2k").startsWith("100.0% of "), which + ": " + r.get("recall >= 2k"));
      assertEquals("100.0%", r.get("95% coverage, published"), which);
    }
    for (Map<String, String> r : rows.subList(0, 2)) {
      String which = r.get("mode") + " " + r.get("budget");
      assertEquals("full_domain", r.get("mode"));
      assertEquals("1", r.get("k"));
      assertEquals("100.0% of " + nonEmpty, r.get("non-empty cells published"), which + ": every one reaches k = 1");
      assertEquals("0", r.get("totals: mean error"), which + ": sums of published cells are the true totals");
      assertEquals("0.0%", r.get("totals: median rel. error"), which);
    }
    Map<String, String> selection = rows.get(2);
    assertEquals("partition_selection", selection.get("mode"));
    assertEquals("3", selection.get("k"), "sigma^2 = 3 / 200: the selection threshold is 3");
    assertEquals("0", selection.get("plan: empty / window"));
    assertTrue(selection.get("totals: mean error").startsWith("-"), "cells of 1 and 2 devices are left out, no"
        + " noise is added: the sums fall short of the totals");
    assertTrue(console.toString().contains(text.strip().lines().findFirst().orElseThrow()), "printed too");

    // The tables are custodian-only: never written over an existing file, nor into a release.
    int again = Privflow.run(new PrivflowTools(), "accuracy", "--policy", dir.resolve("policy.yaml").toString(),
        "--request", req.toString(), "--runner", "direct", "--out", out.toString());
    assertEquals(1, again, "an existing --out is refused");
    Path release = Files.createDirectories(dir.resolve("release-x"));
    Files.writeString(release.resolve("release.json"), "{}");
    assertEquals(1, Privflow.run(new PrivflowTools(), "accuracy", "--policy", dir.resolve("policy.yaml").toString(),
        "--request", req.toString(), "--runner", "direct", "--out", release.resolve("a.md").toString()));
    assertFalse(Files.exists(release.resolve("a.md")));
  }

  @Test
  void theHelpSaysTheOutputIsCustodianOnly() {
    ByteArrayOutputStream help = new ByteArrayOutputStream();
    PrintStream before = System.out;
    try {
      System.setOut(new PrintStream(help, true));
      assertEquals(0, Privflow.run(new PrivflowTools(), "accuracy", "--help"));
    } finally {
      System.setOut(before);
    }
    assertTrue(help.toString().contains("CUSTODIAN-ONLY"), help.toString());
  }

  /**
   * A setting's plan is the plan of a request file that says the same: thresholds derived from an
   * empty-cell target, a selection's threshold, its guarantee with the parser's default deltas.
   */
  @Test
  void aSettingPlansAsTheRequestThatSaysSo() throws Exception {
    Policy policy = Fixtures.zcdpPolicy(dir, "100", "0.001");
    ReleasePlanner planner = new ReleasePlanner(w -> { }, NoiseCalibration.exact());
    ReleaseRequest base = RequestParser.parse(RequestYaml.tiny().write(dir));
    AccuracyCommand cmd = new AccuracyCommand();
    cmd.spec = new picocli.CommandLine(cmd).getCommandSpec();
    cmd.epsilons = List.of("0.5");
    cmd.rhos = List.of("0.25");
    cmd.modes = List.of("full_domain", "partition_selection");
    cmd.thresholds = List.of("max_expected_per_window:0.5");
    cmd.repetitions = 1;
    List<Setting> settings = cmd.settings(base);
    assertEquals(3, settings.size());
    List<RequestYaml> same = List.of(
        RequestYaml.tiny().epsilon("0.5").maxExpectedEmptyPerWindow("0.5"),
        RequestYaml.tiny().gaussian("0.25").maxExpectedEmptyPerWindow("0.5"),
        RequestYaml.tiny().partitionSelection("0.25").minCount(0));
    for (int i = 0; i < 3; i++) {
      MetricPlan viaSetting = planner.plan(settings.get(i).applyTo(base), policy).metrics().get(0);
      Path d = Files.createDirectories(dir.resolve("r" + i));
      MetricPlan viaFile = planner.plan(RequestParser.parse(same.get(i).write(d)), policy).metrics().get(0);
      assertEquals(viaFile.threshold(), viaSetting.threshold(), settings.get(i).toString());
      assertEquals(viaFile.guarantee(), viaSetting.guarantee(), settings.get(i).toString());
      assertEquals(viaFile.mode(), viaSetting.mode());
    }
    assertEquals(ReleaseMode.PARTITION_SELECTION, settings.get(2).mode());
  }

  /** The rows of the markdown table whose header starts with {@code header}, as column name to cell. */
  static List<Map<String, String>> table(String text, String header) {
    List<String> lines = text.lines().toList();
    int h = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(header)) {
        h = i;
        break;
      }
    }
    assertTrue(h >= 0, "no table " + header + " in:\n" + text);
    List<String> names = cells(lines.get(h));
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = h + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      List<String> v = cells(lines.get(i));
      Map<String, String> row = new TreeMap<>();
      for (int c = 0; c < names.size(); c++) {
        row.put(names.get(c), v.get(c));
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<String> cells(String line) {
    String inner = line.strip().substring(1, line.strip().length() - 1);
    return Arrays.stream(inner.split("\\|")).map(String::strip).toList();
  }
}
