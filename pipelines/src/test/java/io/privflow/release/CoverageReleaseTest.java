package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privflow.engine.RunCounters;
import io.privflow.engine.RunnerChoice;
import io.privflow.model.CellRow;
import io.privflow.regions.CellHistory;
import io.privflow.regions.CoverageWeights;
import io.privflow.regions.GeoJsonRegions;
import io.privflow.regions.RegionIndex;
import io.privflow.regions.RegionSet;
import io.privflow.rejects.Source;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import io.privflow.testing.ZeroNoise;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coverage-weighted release end to end on real data: the 74 Danish towers of an OpenCelliD diff
 * (with their real range_m; every other cell given a made-up 120-degree sector) over the 99 real
 * kommuner, synthetic network events of 12 devices over 4 days, zero noise and k = 1. The expected
 * OD matrix is computed here in plain Java from the footprint weights (the modal region by total
 * weight, ties to the latest event then the lower index, mostly-outside days unlocated): the
 * release publishes exactly it, and it differs from what tower-point mapping gives; then the same
 * release over kommuner in regioner (a hierarchy), whose coarse table is the fine one added up by
 * region. Skips when shared/realdata is absent; the real files are read in place, never copied.
 * About 15 to 35 s (two DirectRunner releases).
 */
class CoverageReleaseTest {
  @TempDir Path dir;
  private static final int DEVICES = 12;
  private static final int DAYS = 4;
  private static final int[] HOURS = {8, 13, 19};
  private static final long START = Instant.parse("2020-03-01T00:00:00Z").toEpochMilli();

  @Test
  void aCoverageReleaseOnDanishTowersPublishesTheWeightedModalMatrix() throws Exception {
    Path real = Fixtures.realData();
    Assumptions.assumeTrue(real != null, "shared/realdata is absent");
    Path towers = real.resolve("towers/opencellid_diff_2022-09-10_dk_mcc238.csv");
    Path kommuner = real.resolve("regions/dk_kommuner.geojson");
    Assumptions.assumeTrue(Files.isRegularFile(towers) && Files.isRegularFile(kommuner), "real files absent");

    List<CellRow> cells = new ArrayList<>();
    StringBuilder csv = new StringBuilder("cell_id,lat,lon,valid_from,valid_to,range_m,azimuth_deg,beamwidth_deg\n");
    List<String> lines = Files.readAllLines(towers);
    List<String> header = List.of(lines.get(0).split(","));
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      String id = f[header.indexOf("cell_id")];
      double lat = Double.parseDouble(f[header.indexOf("lat")]);
      double lon = Double.parseDouble(f[header.indexOf("lon")]);
      double range = Double.parseDouble(f[header.indexOf("range_m")]);
      boolean sector = i % 2 == 0;
      double azimuth = sector ? (i * 47) % 360 : Double.NaN;
      double beamwidth = sector ? 120 : Double.NaN;
      cells.add(new CellRow(id, lat, lon, CellRow.OPEN_START, CellRow.OPEN_END, range, azimuth, beamwidth));
      csv.append(String.format(Locale.ROOT, "%s,%s,%s,,,%s,%s,%s%n", id, lat, lon, range,
          sector ? String.valueOf(azimuth) : "", sector ? "120" : ""));
    }
    csv.append("noRange,55.676,12.568,,,,,\n"); // no event uses it: counted, placed by its tower
    Path cellFile = Files.writeString(dir.resolve("cells.csv"), csv);

    RegionSet regions = GeoJsonRegions.load(kommuner, "id", "name", w -> {});
    CoverageWeights weights = new CoverageWeights(regions);
    RegionIndex index = new RegionIndex(regions);
    List<CellHistory.Shares> shares = cells.stream().map(weights::of).toList();
    // Device d on day t, at each of three hours, on a cell picked by plain arithmetic (no generator).
    StringBuilder events = new StringBuilder("subscriber_id,event_time,cell_id\n");
    int[][][] pick = new int[DEVICES][DAYS][HOURS.length];
    for (int d = 0; d < DEVICES; d++) {
      for (int t = 0; t < DAYS; t++) {
        for (int h = 0; h < HOURS.length; h++) {
          pick[d][t][h] = (d * 11 + t * 5 + h * 3 + d * t * h) % cells.size();
        }
      }
    }
    // The towers are clustered, so most days agree under both mappings. The last device's first
    // day is made to differ: cell a at 08:00 then cell b, whose tower is elsewhere but whose
    // footprint reaches a's region, at 13:00 (tower-point mapping ties 1-1 and takes the later,
    // b's region; coverage gives a's region a whole unit plus b's share there); or, when no such
    // pair exists (none does in this file), one event on a cell whose largest share is not its
    // tower's region (here a cell by the west coast whose footprint lies mostly outside every
    // kommune, so under coverage the device is not located that day).
    pick[DEVICES - 1][0] = borderDay(cells, shares, index);
    for (int d = 0; d < DEVICES; d++) {
      for (int t = 0; t < DAYS; t++) {
        for (int h = 0; h < HOURS.length; h++) {
          int c = pick[d][t][h];
          if (c < 0) {
            continue;
          }
          events.append(String.format(Locale.ROOT, "45%08d,2020-03-%02dT%02d:00:00Z,%s%n", d, t + 1, HOURS[h],
              cells.get(c).cellId()));
        }
      }
    }
    Path eventFile = Files.writeString(dir.resolve("events.csv"), events);

    Map<String, Long> expected = new TreeMap<>();
    int differs = 0;
    for (int d = 0; d < DEVICES; d++) {
      int[] coverage = new int[DAYS];
      for (int t = 0; t < DAYS; t++) {
        coverage[t] = modal(pick[d][t], shares);
        int towerPoint = modal(pick[d][t], cells.stream().map(c -> towerShares(index, c)).toList());
        differs += coverage[t] != towerPoint ? 1 : 0;
      }
      for (int t = 0; t + 1 < DAYS; t++) {
        if (coverage[t] >= 0 && coverage[t + 1] >= 0) {
          expected.merge(String.format("2020-03-%02dT00:00:00Z,%s,%s", t + 1, regions.get(coverage[t]).id(),
              regions.get(coverage[t + 1]).id()), 1L, Long::sum);
        }
      }
    }
    assertTrue(expected.values().stream().mapToLong(Long::longValue).sum() >= 20, "most devices move or stay");
    assertTrue(differs > 0, "coverage mapping changes some device-days' region, or the check proves nothing");

    ReleaseRequest req = RequestParser.parse(RequestYaml.tiny().requestId("dk-coverage").regionsFile(kommuner)
        .mapping("coverage").remove("inputs.gps_events").networkEvents(eventFile.toString())
        .cells(cellFile.toString()).minCount(1).write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), Fixtures.policy(dir));
    ReleaseRun.Outcome o = run.execute(run.plan(req, ZeroNoise.factory()), RunnerChoice.DIRECT.options(2, null));

    Map<String, Long> published = new TreeMap<>();
    List<String> rows = Files.readAllLines(req.outputDirectory().resolve("od_counts.csv"));
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",");
      published.put(f[0] + "," + f[2] + "," + f[3], Long.parseLong(f[4]));
    }
    assertEquals(expected, published);

    RunCounters c = o.counters();
    long none = java.util.Arrays.stream(pick[DEVICES - 1][0]).filter(x -> x < 0).count();
    assertEquals(DEVICES * DAYS * HOURS.length - none, c.read(Source.NETWORK_EVENTS));
    assertEquals(cells.size() + 1, c.accepted(Source.CELLS));
    for (Source s : Source.values()) {
      assertTrue(c.reconciles(s), s.label());
    }
    JsonNode report = new ObjectMapper().readTree(req.outputDirectory().resolve("report.json").toFile());
    assertEquals("coverage", report.at("/region_set/mapping").asText());
    assertTrue(Files.readString(req.outputDirectory().resolve("report.html"))
        .contains("Network events are spread over their cell&#39;s coverage footprint"), "the report says the mapping");
    JsonNode summary = new ObjectMapper().readTree(
        dir.resolve("state/custodian/tiny/dk-coverage/run-summary.json").toFile()).path("counters");
    assertEquals(1, summary.path("cells_without_range").asLong(-1));

    // The same events over kommuner in regioner: coverage works with a hierarchy as it is. The fine
    // level is the matrix above; the coarse level adds it up by each kommune's region (zero noise,
    // so the consistent tables are the exact ones).
    Path regioner = real.resolve("regions/dk_regioner.geojson");
    ReleaseRequest h = RequestParser.parse(RequestYaml.tiny().requestId("dk-coverage-h").regionsFile(kommuner)
        .mapping("coverage").hierarchy("region_code", regioner, "kommune", "0.6", "region", "0.4")
        .remove("inputs.gps_events").networkEvents(eventFile.toString()).cells(cellFile.toString()).minCount(1)
        .output(dir.resolve("release-h")).write(dir));
    run.execute(run.plan(h, ZeroNoise.factory()), RunnerChoice.DIRECT.options(2, null));
    Map<String, String> regionOf = new HashMap<>();
    new ObjectMapper().readTree(kommuner.toFile()).path("features").forEach(f -> regionOf.put(
        f.at("/properties/id").asText(), f.at("/properties/region_code").asText()));
    Map<String, Long> coarse = new TreeMap<>();
    expected.forEach((k, n) -> {
      String[] f = k.split(",");
      coarse.merge(f[0] + "," + regionOf.get(f[1]) + "," + regionOf.get(f[2]), n, Long::sum);
    });
    assertEquals(expected, table(h.outputDirectory().resolve("od_counts_kommune.csv")));
    assertEquals(coarse, table(h.outputDirectory().resolve("od_counts_region.csv")));
  }

  /** An OD table's rows as "window_start,origin,destination" to count, by the header's names. */
  private static Map<String, Long> table(Path csv) throws java.io.IOException {
    List<String> rows = Files.readAllLines(csv);
    List<String> head = List.of(rows.get(0).split(","));
    Map<String, Long> t = new TreeMap<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",");
      t.put(f[head.indexOf("window_start")] + "," + f[head.indexOf("origin_region")] + ","
          + f[head.indexOf("destination_region")], Long.parseLong(f[head.indexOf("count")]));
    }
    return t;
  }

  /**
   * {a, b, none} with a and b's towers in different regions and b's footprint partly in a's region;
   * else {c, none, none} with c's largest share not its tower's region (the outside, say).
   */
  private static int[] borderDay(List<CellRow> cells, List<CellHistory.Shares> shares, RegionIndex index) {
    for (int a = 0; a < cells.size(); a++) {
      int ra = index.locate(cells.get(a).lat(), cells.get(a).lon());
      for (int b = 0; ra >= 0 && b < cells.size(); b++) {
        int rb = index.locate(cells.get(b).lat(), cells.get(b).lon());
        int[] rs = shares.get(b).regions();
        if (rb >= 0 && rb != ra && java.util.Arrays.stream(rs).anyMatch(r -> r == ra)) {
          return new int[] {a, b, -1};
        }
      }
    }
    for (int c = 0; c < cells.size(); c++) {
      int tower = index.locate(cells.get(c).lat(), cells.get(c).lon());
      if (shares.get(c).largest() != (tower < 0 ? CellHistory.Shares.OUTSIDE : tower)) {
        return new int[] {c, -1, -1};
      }
    }
    throw new AssertionError("no footprint of the file differs from its tower's region");
  }

  private static CellHistory.Shares towerShares(RegionIndex index, CellRow c) {
    int r = index.locate(c.lat(), c.lon());
    return new CellHistory.Shares(new int[] {r < 0 ? CellHistory.Shares.OUTSIDE : r},
        new int[] {CoverageWeights.UNIT});
  }

  /**
   * The day's region from its events (in time order): highest total weight, then the latest
   * event, then the lower index; the outside share loses ties, and when it wins the day is -1.
   */
  private static int modal(int[] picks, List<CellHistory.Shares> shares) {
    Map<Integer, long[]> score = new HashMap<>(); // region -> {weight, latest hour}
    for (int h = 0; h < picks.length && picks[h] >= 0; h++) {
      CellHistory.Shares s = shares.get(picks[h]);
      for (int k = 0; k < s.size(); k++) {
        int r = s.regions()[k] < 0 ? Integer.MAX_VALUE : s.regions()[k];
        long[] v = score.computeIfAbsent(r, x -> new long[2]);
        v[0] += s.weights()[k];
        v[1] = HOURS[h];
      }
    }
    int best = -1;
    for (var e : score.entrySet()) {
      long[] v = e.getValue();
      long[] b = best < 0 ? null : score.get(best);
      if (b == null || v[0] > b[0] || (v[0] == b[0] && (v[1] > b[1] || (v[1] == b[1] && e.getKey() < best)))) {
        best = e.getKey();
      }
    }
    return best == Integer.MAX_VALUE ? -1 : best;
  }
}
