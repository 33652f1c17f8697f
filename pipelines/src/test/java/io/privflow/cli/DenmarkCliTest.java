package io.privflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privflow.testing.Fixtures;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's "done when", from the command line on real data: the real Danish towers (OpenCelliD,
 * 74 cells, their ranges; every other one given a 120-degree sector here) and the real municipality
 * boundaries (98 kommuner and Christiansø), synthetic network events of 400 devices over a week
 * (home tower at night, work tower by day). Two releases through {@code privflow release} on the
 * embedded Flink runner with real noise: coverage-weighted over the municipalities (OD, presence,
 * home presence), and coverage-weighted over an H3 resolution-7 grid of the same area (10,372 cells:
 * an OD domain of 645 million cells, released by sampling the zero cells). Skips when the real data
 * is absent. About 25-60 s for both on 2 cores.
 */
class DenmarkCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate START = LocalDate.parse("2022-09-05");

  @TempDir static Path dir;
  private static Path towers;
  private static Path kommuner;
  private static Path policy;

  @BeforeAll
  static void data() throws Exception {
    Path real = Fixtures.realData();
    assumeTrue(real != null, "shared/realdata is absent");
    towers = real.resolve("towers/opencellid_diff_2022-09-10_dk_mcc238.csv");
    kommuner = real.resolve("regions/dk_kommuner.geojson");
    assumeTrue(Files.isRegularFile(towers) && Files.isRegularFile(kommuner), "Danish towers or boundaries absent");
    List<String> cells = writeCells(dir.resolve("cells.csv"));
    writeEvents(dir.resolve("events.csv"), cells);
    Fixtures.key(dir);
    policy = dir.resolve("policy.yaml");
    Files.writeString(policy, """
        state_directory: state
        pseudonymization_key_file: test.key
        rules: {max_domain_cells: 10000000000}
        datasets:
          dk: {budget: 100, zone: Europe/Copenhagen}
        """);
  }

  @Test
  void aCoverageWeightedReleaseOverTheMunicipalities() throws Exception {
    Path out = dir.resolve("release-kommuner");
    String output = release("kommuner", "{file: " + kommuner + ", mapping: coverage}", """
          od: {budget_share: 0.4, max_transitions_per_device: 6}
          presence: {budget_share: 0.2, max_windows_per_device: 7}
          home_presence: {budget_share: 0.4, max_windows_per_device: 7}
        """, out);
    assertTrue(output.contains("network_events  read 16,800 = accepted"), output);
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    assertEquals(99, report.at("/region_set/count").asInt(), report.at("/region_set").toString());
    assertEquals("coverage", report.at("/region_set/mapping").asText());
    JsonNode od = metric(report, "od");
    assertTrue(od.has("heatmap"), "99 regions: the heatmap is drawn");
    assertTrue(Files.readString(out.resolve("home_presence_counts.csv")).startsWith(
        "window_start,window_end,home_region,region,count"), "the home table's header");
  }

  @Test
  void anH3ReleaseOfTheSameAreaSamplesItsZeroCells() throws Exception {
    Path out = dir.resolve("release-h3");
    String output = release("h3", "{grid: {system: h3, resolution: 7, area: " + kommuner + "}, mapping: coverage}", """
          od: {budget_share: 0.6, max_transitions_per_device: 6}
          home_presence: {budget_share: 0.4, max_windows_per_device: 7}
        """, out);
    assertTrue(output.contains("10372 regions x 7 windows"), output);
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    assertEquals(10_372, report.at("/region_set/count").asInt());
    JsonNode od = metric(report, "od");
    assertEquals(6L * 10_372 * 10_372, od.at("/cells/domain").asLong(), "the OD domain: 645 million cells");
    assertFalse(od.has("heatmap"), "ten thousand regions per side: no heatmap");
    assertTrue(od.path("heatmap_omitted").asText().contains("10,372 regions per side"), od.toString());
    // k is derived from the empty-cells target (at most 1 expected per window), so over six slots the
    // published empty cells are few: the table is mostly cells that hold devices.
    long rows = Files.readAllLines(out.resolve("od_counts.csv")).size() - 1;
    assertTrue(rows > 0 && rows < 2_000, "published OD rows: " + rows);
  }

  private String release(String id, String regions, String metrics, Path out) throws Exception {
    Path request = dir.resolve("request-" + id + ".yaml");
    Files.writeString(request, """
        request_id: dk-%s
        dataset: dk
        requester: {organisation: Statens Serum Institut (test), contact: dpo@example.org}
        purpose: movements between areas during an epidemic (test)
        legal_basis: GDPR Art. 6(1)(e)
        retention_until: 2099-12-31
        inputs:
          network_events: [%s]
          cells: [%s]
        regions: %s
        time: {start: %s, end: %s, zone: Europe/Copenhagen, window: P1D}
        privacy: {epsilon: 1.0, empty_cells: {max_expected_per_window: 1}}
        home: {night_start: "22:00", night_end: "06:00", min_nights: 3}
        metrics:
        %s
        output: {directory: %s}
        """.formatted(id, dir.resolve("events.csv"), dir.resolve("cells.csv"), regions, START, START.plusDays(7),
        metrics.stripTrailing(), out));
    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    long t0 = System.nanoTime();
    try (PrintStream p = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(p);
      code = Privflow.run("release", "--policy", policy.toString(), "--request", request.toString(),
          "--runner", "flink");
    } finally {
      System.setOut(saved);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    System.out.printf("DenmarkCliTest %s: %.1f s%n%s", id, (System.nanoTime() - t0) / 1e9, text);
    assertEquals(0, code, text);
    assertTrue(Files.isRegularFile(out.resolve("MANIFEST.json")), "published");
    return text;
  }

  private static JsonNode metric(JsonNode report, String name) {
    for (JsonNode m : report.path("metrics")) {
      if (name.equals(m.path("metric").asText())) {
        return m;
      }
    }
    throw new AssertionError("no metric " + name + " in the report");
  }

  /** One cell per tower, open validity, its range; every other tower a 120-degree sector. */
  private static List<String> writeCells(Path file) throws Exception {
    List<String> ids = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(towers, StandardCharsets.UTF_8);
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("cell_id,lat,lon,valid_from,valid_to,range_m,azimuth_deg,beamwidth_deg\n");
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split(",");
        boolean sector = ids.size() % 2 == 1;
        w.write(f[0] + "," + f[1] + "," + f[2] + ",,," + f[3] + "," + (sector ? (ids.size() * 37) % 360 + ",120" : ",")
            + "\n");
        ids.add(f[0]);
      }
    }
    return ids;
  }

  /** 400 devices x 7 days x 6 events: two at night at home, three by day at work, one anywhere. */
  private static void writeEvents(Path file, List<String> cells) throws Exception {
    Random rng = new Random(16);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("subscriber_id,event_time,cell_id,event_type\n");
      for (int d = 0; d < 400; d++) {
        String home = cells.get(rng.nextInt(cells.size()));
        String work = rng.nextBoolean() ? cells.get(rng.nextInt(cells.size())) : home;
        for (int day = 0; day < 7; day++) {
          long midnight = START.plusDays(day).atStartOfDay(ZoneOffset.ofHours(2)).toInstant().toEpochMilli();
          int[] hours = {1, 3, 10, 12, 15, 19};
          for (int k = 0; k < hours.length; k++) {
            String cell = k < 2 ? home : k < 5 ? work : cells.get(rng.nextInt(cells.size()));
            long t = midnight + hours[k] * 3_600_000L + rng.nextInt(3_600_000);
            w.write("4520" + (100_000 + d) + "," + Instant.ofEpochMilli(t) + "," + cell + ",voice\n");
          }
        }
      }
    }
  }
}
