package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privflow.engine.RunnerChoice;
import io.privflow.policy.Policy;
import io.privflow.regions.GeoJsonRegions;
import io.privflow.regions.RegionSet;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases over the real Danish (kommuner in regioner) and Norwegian (kommuner in fylker)
 * hierarchies with real noise on embedded Flink, on synthetic GPS devices placed inside the
 * kommuner (a seeded test population, not noise): the published tables are consistent on every
 * window, read back from the published files alone.
 */
class HierarchyReleaseTest {
  @TempDir Path dir;

  /** One CSV row per device per day, at the interior point of the kommune it is in that day. */
  static Path population(Path dir, RegionSet kommuner, int devices, int days, String firstDay, long seed)
      throws IOException {
    Random random = new Random(seed);
    int n = kommuner.size();
    double[][] at = new double[n][];
    for (int i = 0; i < n; i++) {
      var p = kommuner.get(i).geometry().getInteriorPoint();
      at[i] = new double[] {p.getY(), p.getX()};
    }
    StringBuilder csv = new StringBuilder("device_id,event_time,lat,lon\n");
    Instant start = Instant.parse(firstDay + "T12:00:00Z");
    for (int d = 0; d < devices; d++) {
      // Most live in a few busy kommuner; each day a device is at home, or visits another kommune.
      int home = random.nextDouble() < 0.6 ? random.nextInt(Math.min(12, n)) : random.nextInt(n);
      for (int day = 0; day < days; day++) {
        int k = random.nextDouble() < 0.75 ? home : random.nextDouble() < 0.5 ? (home + 1) % n : random.nextInt(n);
        csv.append("dev-").append(d).append(',').append(start.plus(day, ChronoUnit.DAYS)).append(',')
            .append(at[k][0]).append(',').append(at[k][1]).append('\n');
      }
    }
    Path f = dir.resolve("gps_events.csv");
    Files.writeString(f, csv);
    return f;
  }

  /** Rows of a published CSV as maps from column to text. */
  static List<Map<String, String>> rows(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    String[] header = lines.get(0).split(",");
    List<Map<String, String>> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.split(",");
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], v[i]);
      }
      out.add(row);
    }
    return out;
  }

  /**
   * Checks, from the published files alone, every window: counts are non-negative integers; each
   * published coarse cell is the sum of its published fine cells plus its fine_unpublished; and,
   * when every cell is published (k = 0), each level adds up to the window total.
   */
  static void checkConsistent(Path out, String metric, String fine, String coarse, String[] regionColumns,
      boolean everyCellPublished) throws IOException {
    JsonNode meta = new ObjectMapper().readTree(out.resolve("release.json").toFile());
    Map<String, String> parentOf = new HashMap<>();
    meta.at("/hierarchy/parents/parent_of").fields().forEachRemaining(e -> parentOf.put(e.getKey(),
        e.getValue().asText()));
    String stem = metric.equals("od") ? "od_counts" : "presence_counts";
    Map<String, Long> fineSums = new HashMap<>();
    Map<String, Long> fineTotal = new HashMap<>();
    for (Map<String, String> r : rows(out.resolve(stem + "_" + fine + ".csv"))) {
      long c = Long.parseLong(r.get("count"));
      assertTrue(c >= 0, "a negative fine count");
      StringBuilder key = new StringBuilder(r.get("window_start"));
      for (String col : regionColumns) {
        key.append('|').append(parentOf.get(r.get(col)));
      }
      fineSums.merge(key.toString(), c, Long::sum);
      fineTotal.merge(r.get("window_start"), c, Long::sum);
    }
    Map<String, Long> coarseTotal = new HashMap<>();
    int coarseCells = 0;
    for (Map<String, String> r : rows(out.resolve(stem + "_" + coarse + ".csv"))) {
      long c = Long.parseLong(r.get("count"));
      long unpublished = Long.parseLong(r.get("fine_unpublished"));
      assertTrue(c >= 0 && unpublished >= 0 && unpublished <= c, "coarse " + c + ", unpublished " + unpublished);
      StringBuilder key = new StringBuilder(r.get("window_start"));
      for (String col : regionColumns) {
        key.append('|').append(r.get(col));
      }
      assertEquals(c, fineSums.getOrDefault(key.toString(), 0L) + unpublished, "coarse cell " + key);
      if (everyCellPublished) {
        assertEquals(0, unpublished, "k = 0 publishes every fine cell");
      }
      coarseTotal.merge(r.get("window_start"), c, Long::sum);
      coarseCells++;
    }
    assertTrue(coarseCells > 0, "nothing published at the coarse level");
    Path totals = out.resolve(metric + "_totals.csv");
    if (Files.exists(totals)) {
      List<Map<String, String>> windows = rows(totals);
      assertEquals(meta.at("/time_range/windows").asInt() - (metric.equals("od") ? 1 : 0), windows.size());
      for (Map<String, String> w : windows) {
        long t = Long.parseLong(w.get("count"));
        assertTrue(t >= 0, "a negative total");
        long coarseSum = coarseTotal.getOrDefault(w.get("window_start"), 0L);
        long fineSum = fineTotal.getOrDefault(w.get("window_start"), 0L);
        if (everyCellPublished) {
          assertEquals(t, coarseSum, "window " + w.get("window_start") + ": the coarse level adds up to the total");
          assertEquals(t, fineSum, "window " + w.get("window_start") + ": the fine level adds up to the total");
        } else {
          assertTrue(coarseSum <= t && fineSum <= t, "published cells above the total");
        }
      }
    }
  }

  /**
   * Denmark, full domain, Laplace epsilon 1 split between OD (0.5), presence (0.3) and OD window
   * totals (0.2), each cell metric 60% kommune, 40% region; parents by property and by polygons;
   * k = 0, so every consistent cell is published and every sum can be checked exactly.
   */
  @Test
  void danishKommunerAddUpToRegionerAndTotalsOnEveryWindow() throws Exception {
    Path real = Fixtures.realData();
    Assumptions.assumeTrue(real != null, "shared/realdata is absent");
    Path kommuner = real.resolve("regions/dk_kommuner.geojson");
    RegionSet k = GeoJsonRegions.load(kommuner, "id", "name", w -> {});
    Path gps = population(dir, k, 3000, 5, "2021-03-01", 7);
    RequestYaml yaml = RequestYaml.tiny().requestId("dk-hierarchy").regionsFile(kommuner)
        .hierarchy("region_code", real.resolve("regions/dk_regioner.geojson"), "kommune", "0.6", "region", "0.4")
        .rawNoisyTables().start("2021-03-01").end("2021-03-06").zone("Europe/Copenhagen").minCount(0)
        .maxTransitions(4).odShare("0.5").presence(5, "0.3").total("0.2").set("metrics.total.of", "od");
    yaml.remove("inputs.network_events");
    yaml.remove("inputs.cells");
    yaml.gpsEvents(gps.toString());
    ReleaseRequest r = RequestParser.parse(yaml.write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), Fixtures.policy(dir));
    run.execute(run.plan(r), RunnerChoice.FLINK.options(2, "[local]"));
    Path out = r.outputDirectory();

    checkConsistent(out, "od", "kommune", "region", new String[] {"origin_region", "destination_region"}, true);
    checkConsistent(out, "presence", "kommune", "region", new String[] {"region"}, true);
    assertEquals(4 * 99 * 99 + 1, Files.readAllLines(out.resolve("od_counts_kommune.csv")).size(),
        "k = 0: every fine cell of the 4 OD windows");
    for (String f : List.of("od_counts_kommune_raw.csv", "od_counts_region_raw.csv", "od_totals_raw.csv",
        "presence_counts_region_raw.parquet")) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    JsonNode meta = new ObjectMapper().readTree(out.resolve("release.json").toFile());
    assertEquals("kommune", meta.at("/hierarchy/levels/0/name").asText());
    assertEquals(5, meta.at("/hierarchy/levels/1/regions").asInt());
    assertEquals("1084", meta.at("/hierarchy/parents/parent_of/0101").asText());
    assertEquals(0.3, meta.at("/metrics/0/epsilon").asDouble(), 1e-12, "OD at the kommune level: 0.5 x 0.6");
    assertEquals("region", meta.at("/metrics/1/level").asText());
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertEquals(4 + 5, report.at("/hierarchy/windows").size(), "OD and presence windows");
    JsonNode w = report.at("/hierarchy/windows/0");
    assertEquals(w.path("total").asLong(), w.at("/published_sums/kommune").asLong(), "k = 0: the sums are the total");
    assertEquals(w.path("total").asLong(), w.at("/published_sums/region").asLong());
    assertEquals("region", report.at("/metrics/1/level").asText());
    var schema = com.networknt.schema.JsonSchemaFactory
        .getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
        .getSchema(new ObjectMapper().readTree(Fixtures.projectRoot().resolve("docs/report.schema.json").toFile()),
            com.networknt.schema.SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    assertEquals(java.util.Set.of(), schema.validate(report), "report.json follows docs/report.schema.json");
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(html.contains("Two levels of regions") && html.contains("Movements between regions (origin-destination),"
        + " level region"), "the report shows the levels");
  }

  /**
   * Norway, partition selection (Gaussian, rho 1, zCDP policy) of OD with window totals; parents
   * by fylke_code: only selected cells enter the consistency step, and each published fylke cell
   * is the sum of its published kommune cells plus the rest it states.
   */
  @Test
  void norwegianKommunerAddUpToFylkerUnderAPartitionSelection() throws Exception {
    Path real = Fixtures.realData();
    Assumptions.assumeTrue(real != null, "shared/realdata is absent");
    Path kommuner = real.resolve("regions/no_kommuner_2024.geojson");
    RegionSet k = GeoJsonRegions.load(kommuner, "id", "name", w -> {});
    Path gps = population(dir, k, 4000, 4, "2024-05-06", 11);
    RequestYaml yaml = RequestYaml.tiny().requestId("no-hierarchy").regionsFile(kommuner)
        .hierarchy("fylke_code", null, "kommune", "0.5", "fylke", "0.5").partitionSelection("1")
        .start("2024-05-06").end("2024-05-10").zone("Europe/Oslo").maxTransitions(3).odShare("0.8").total("0.2");
    yaml.remove("inputs.network_events");
    yaml.remove("inputs.cells");
    yaml.remove("privacy.min_count");
    yaml.gpsEvents(gps.toString());
    ReleaseRequest r = RequestParser.parse(yaml.write(dir));
    Policy policy = Fixtures.zcdpPolicy(dir, "2", "0.000001");
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy);
    run.execute(run.plan(r), RunnerChoice.FLINK.options(2, "[local]"));
    Path out = r.outputDirectory();
    checkConsistent(out, "od", "kommune", "fylke", new String[] {"origin_region", "destination_region"}, false);
    JsonNode meta = new ObjectMapper().readTree(out.resolve("release.json").toFile());
    long tau = meta.at("/thresholds/od_kommune").asLong();
    for (Map<String, String> row : rows(out.resolve("od_counts_kommune.csv"))) {
      assertTrue(Long.parseLong(row.get("count")) >= tau, "a published consistent value below the selection threshold");
    }
    assertTrue(rows(out.resolve("od_counts_kommune.csv")).size() > 10, "the busy kommuner's flows are published");
  }
}
