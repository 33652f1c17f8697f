package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privflow.engine.RunnerChoice;
import io.privflow.files.LocalParquet;
import io.privflow.policy.Policy;
import io.privflow.rejects.Source;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RawIdentifierScan;
import io.privflow.testing.ZeroNoise;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.parquet.hadoop.ParquetReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * The committed sample, end to end with the test-only zero-noise mechanism, against an OD matrix
 * computed here independently of the pipeline: its own CSV reading, a plain loop over the region
 * polygons (no index), its own windows, modal regions and transitions. The bound (6) equals the
 * most transitions 7 daily windows allow, so no device is sampled and the answer is exact. It runs
 * on the embedded Flink runner, the production default (the DirectRunner tests cover the rest).
 */
class SampleReleaseTest {
  @TempDir Path dir;
  private static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");
  private static final LocalDate START = LocalDate.parse("2020-03-02");
  private static final int DAYS = 7;

  private static Path sample(String f) {
    return Fixtures.projectRoot().resolve("sample-data").resolve(f);
  }

  private String request(String format, String out) {
    return """
        request_id: sample-test-%s
        dataset: tiny
        retention_until: 2099-12-31
        inputs:
          network_events: [%s]
          gps_events: [%s]
          cells: [%s]
        regions:
          file: %s
        time: {start: 2020-03-02, end: 2020-03-09, zone: Europe/Copenhagen, window: P1D}
        privacy: {epsilon: 1.0, min_count: 0}
        metrics:
          od: {max_transitions_per_device: 6}
        output: {directory: %s}
        """.formatted(format, sample("network_events." + format), sample("gps_events." + format),
        sample("cells." + format), sample("regions.geojson"), dir.resolve(out));
  }

  @Test
  void zeroNoiseCountsEqualAnIndependentComputationForCsvAndParquet() throws Exception {
    Map<String, Long> expected = independentOdMatrix();
    assertTrue(expected.values().stream().mapToLong(Long::longValue).sum() > 1000, "a non-trivial sample");

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Policy policy = Fixtures.policy(dir);
    ReleaseRun run = new ReleaseRun(new PrintStream(console, true), policy);
    ReleaseRequest csv = RequestParser.parse(Fixtures.request(Files.createDirectories(dir.resolve("c")), request("csv", "csv-release")));
    ReleaseRun.Outcome oc = run.execute(run.plan(csv, ZeroNoise.factory()), RunnerChoice.FLINK.options(2, "[local]"));
    assertSameMatrix(expected, released(csv.outputDirectory().resolve("od_counts.csv")));
    for (Source s : Source.values()) {
      assertTrue(oc.counters().reconciles(s), s.label());
    }
    assertEquals(52_996, oc.counters().read(Source.NETWORK_EVENTS));
    assertEquals(2_620, oc.counters().read(Source.GPS_EVENTS));

    ReleaseRequest parquet = RequestParser.parse(Fixtures.request(Files.createDirectories(dir.resolve("p")), request("parquet", "pq-release")));
    ReleaseRun.Outcome op = run.execute(run.plan(parquet, ZeroNoise.factory()), RunnerChoice.FLINK.options(2, "[local]"));
    assertSameMatrix(expected, releasedParquet(parquet.outputDirectory().resolve("od_counts.parquet")));
    assertEquals(oc.counters().accepted(Source.NETWORK_EVENTS), op.counters().accepted(Source.NETWORK_EVENTS));

    JsonNode meta = new ObjectMapper().readTree(csv.outputDirectory().resolve("release.json").toFile());
    assertEquals(6L * 12 * 12, meta.at("/metrics/0/cells/domain").asLong());

    RawIdentifierScan scan = new RawIdentifierScan()
        .addCsvColumn(sample("network_events.csv"), "subscriber_id")
        .addCsvColumn(sample("gps_events.csv"), "device_id");
    assertTrue(scan.size() > 300);
    assertEquals(List.of(), scan.findIn(csv.outputDirectory(), policy.custodianFilesOf(csv.dataset(), csv.requestId()),
        parquet.outputDirectory(), policy.custodianFilesOf(parquet.dataset(), parquet.requestId())));
    assertEquals(List.of(), scan.findInText("console", console.toString()));
  }

  /** Equal maps, or a failure that lists the differing cells only (the matrix has 864). */
  private static void assertSameMatrix(Map<String, Long> expected, Map<String, Long> actual) {
    List<String> diff = new ArrayList<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String k : keys) {
      if (!java.util.Objects.equals(expected.get(k), actual.get(k))) {
        diff.add(k + " expected " + expected.get(k) + " released " + actual.get(k));
      }
    }
    assertEquals(List.of(), diff, diff.size() + " of " + keys.size() + " cells differ");
  }

  static Map<String, Long> released(Path csv) throws Exception {
    Map<String, Long> m = new TreeMap<>();
    try (Reader r = Files.newBufferedReader(csv)) {
      for (CSVRecord rec : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
        long start = java.time.OffsetDateTime.parse(rec.get("window_start")).toInstant().toEpochMilli();
        m.put(start + "|" + rec.get("origin_region") + "|" + rec.get("destination_region"), Long.parseLong(rec.get("count")));
      }
    }
    return m;
  }

  private static Map<String, Long> releasedParquet(Path file) throws Exception {
    Map<String, Long> m = new TreeMap<>();
    try (ParquetReader<GenericRecord> r = LocalParquet.reader(file)) {
      for (GenericRecord g = r.read(); g != null; g = r.read()) {
        Object ws = g.get("window_start");
        long start = ws instanceof Instant i ? i.toEpochMilli() : (Long) ws;
        m.put(start + "|" + g.get("origin_region") + "|" + g.get("destination_region"), (Long) g.get("count"));
      }
    }
    return m;
  }

  // ---------------- the independent computation ----------------

  private record Region(String id, Geometry g) {}

  private record Obs(long time, int region) {}

  /** The sample's exact OD matrix, computed without the pipeline: "windowStartMillis|origin|destination" to count. */
  static Map<String, Long> independentOdMatrix() throws Exception {
    List<Region> regions = new ArrayList<>();
    JsonNode fc = new ObjectMapper().readTree(sample("regions.geojson").toFile());
    for (JsonNode f : fc.get("features")) {
      regions.add(new Region(f.get("properties").get("id").asText(), new GeoJsonReader().read(f.get("geometry").toString())));
    }
    GeometryFactory gf = new GeometryFactory();
    java.util.function.BiFunction<Double, Double, Integer> locate = (lat, lon) -> {
      var p = gf.createPoint(new Coordinate(lon, lat));
      for (int i = 0; i < regions.size(); i++) {
        if (regions.get(i).g().covers(p)) {
          return i;
        }
      }
      return -1;
    };
    // cell id -> rows (fromDay, toDay, region)
    Map<String, List<long[]>> cells = new HashMap<>();
    for (CSVRecord r : csv(sample("cells.csv"))) {
      long from = r.get("valid_from").isEmpty() ? Long.MIN_VALUE : LocalDate.parse(r.get("valid_from")).toEpochDay();
      long to = r.get("valid_to").isEmpty() ? Long.MAX_VALUE : LocalDate.parse(r.get("valid_to")).toEpochDay();
      int region = locate.apply(Double.parseDouble(r.get("lat")), Double.parseDouble(r.get("lon")));
      cells.computeIfAbsent(r.get("cell_id"), k -> new ArrayList<>()).add(new long[] {from, to, region});
    }
    long[] bounds = new long[DAYS + 1];
    for (int d = 0; d <= DAYS; d++) {
      bounds[d] = START.plusDays(d).atStartOfDay(CPH).toInstant().toEpochMilli();
    }
    Map<String, Map<Integer, List<Obs>>> byDeviceDay = new HashMap<>();
    for (CSVRecord r : csv(sample("network_events.csv"))) {
      String id = digits(r.get("subscriber_id"));
      Long t = time(r.get("event_time"));
      if (id.isEmpty() || t == null || t < bounds[0] || t >= bounds[DAYS]) {
        continue;
      }
      List<long[]> rows = cells.get(r.get("cell_id"));
      if (rows == null) {
        continue;
      }
      long day = Math.floorDiv(t, 86_400_000L);
      long[] best = null;
      for (long[] row : rows) {
        if (row[0] <= day && day <= row[1] && (best == null || row[0] > best[0])) {
          best = row;
        }
      }
      if (best == null || best[2] < 0) {
        continue;
      }
      add(byDeviceDay, id, bounds, t, (int) best[2]);
    }
    for (CSVRecord r : csv(sample("gps_events.csv"))) {
      String id = digits(r.get("device_id"));
      Long t = time(r.get("event_time"));
      double lat = Double.parseDouble(r.get("lat"));
      double lon = Double.parseDouble(r.get("lon"));
      if (id.isEmpty() || t == null || t < bounds[0] || t >= bounds[DAYS] || (lat == 0 && lon == 0)) {
        continue;
      }
      int region = locate.apply(lat, lon);
      if (region >= 0) {
        add(byDeviceDay, id, bounds, t, region);
      }
    }
    Map<String, Long> od = new TreeMap<>();
    for (int d = 0; d + 1 < DAYS; d++) {
      for (Region o : regions) {
        for (Region x : regions) {
          od.put(bounds[d] + "|" + o.id() + "|" + x.id(), 0L);
        }
      }
    }
    for (Map<Integer, List<Obs>> days : byDeviceDay.values()) {
      for (int d = 0; d + 1 < DAYS; d++) {
        if (days.containsKey(d) && days.containsKey(d + 1)) {
          String key = bounds[d] + "|" + regions.get(modal(days.get(d))).id() + "|" + regions.get(modal(days.get(d + 1))).id();
          od.merge(key, 1L, Long::sum);
        }
      }
    }
    return od;
  }

  private static void add(Map<String, Map<Integer, List<Obs>>> m, String id, long[] bounds, long t, int region) {
    int day = 0;
    while (t >= bounds[day + 1]) {
      day++;
    }
    m.computeIfAbsent(id, k -> new HashMap<>()).computeIfAbsent(day, k -> new ArrayList<>()).add(new Obs(t, region));
  }

  /** Events of one device at the same instant in the same region count once (exact duplicates). */
  private static int modal(List<Obs> obs) {
    Map<Integer, long[]> tally = new HashMap<>(); // region -> {count, latest}
    for (Obs o : new java.util.HashSet<>(obs)) {
      long[] c = tally.computeIfAbsent(o.region(), k -> new long[] {0, Long.MIN_VALUE});
      c[0]++;
      c[1] = Math.max(c[1], o.time());
    }
    int best = -1;
    for (var e : tally.entrySet()) {
      if (best < 0) {
        best = e.getKey();
        continue;
      }
      long[] b = tally.get(best);
      long[] c = e.getValue();
      if (c[0] > b[0] || (c[0] == b[0] && (c[1] > b[1] || (c[1] == b[1] && e.getKey() < best)))) {
        best = e.getKey();
      }
    }
    return best;
  }

  private static String digits(String raw) {
    String t = raw.strip();
    return t.matches("[+0-9 ().-]*") ? t.replaceAll("[^0-9]", "") : t;
  }

  private static Long time(String s) {
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static List<CSVRecord> csv(Path f) throws Exception {
    try (Reader r = Files.newBufferedReader(f)) {
      return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords();
    }
  }
}
