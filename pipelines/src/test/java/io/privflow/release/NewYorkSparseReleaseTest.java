package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privflow.engine.RunnerChoice;
import io.privflow.plan.ReleasePlan;
import io.privflow.policy.Policy;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * Issue 12's New York case, released for real on the embedded Flink runner: the Gowalla check-ins
 * of 2010-01-01 to 2010-03-01 (UTC; 15,412 check-ins of 1,037 located people), daily OD counts over
 * the 62 counties (58 transition slots of 3,844 cells: 222,952 cells), L 6. Which cells are empty
 * is decided by an OD matrix computed here without the pipeline (its own CSV reading, a plain loop
 * over the county polygons, its own modal regions and transitions). Skipped when
 * {@code ../shared/realdata} is absent.
 */
class NewYorkSparseReleaseTest {
  static final long START = Instant.parse("2010-01-01T00:00:00Z").toEpochMilli();
  static final int WINDOWS = 59;
  static final long DAY = 86_400_000L;
  static final long CELLS_PER_WINDOW = 62L * 62;
  static final long SLOTS = WINDOWS - 1;
  /** The false-failure probability of the empty-cell check. */
  static final double FALSE_FAILURE = 1e-6;

  @TempDir static Path dir;
  static Path gps;
  static Path counties;
  static Map<String, Long> truth;
  static Policy policy;

  @BeforeAll
  static void theCaseAndItsTruth() throws Exception {
    Path real = Fixtures.realData();
    assumeTrue(real != null, "../shared/realdata is absent");
    Path checkins = real.resolve("trajectories/gowalla_nyc_checkins.csv");
    counties = real.resolve("regions/us_ny_counties_2011.geojson");
    assumeTrue(Files.isRegularFile(checkins) && Files.isRegularFile(counties), "the New York files are absent");
    gps = dir.resolve("gps_events.csv");
    long rows = convert(checkins, gps);
    assertEquals(15_412, rows, "issue 12's check-ins");
    truth = independentOdMatrix(gps, counties);
    assertEquals(2_247, truth.values().stream().mapToLong(Long::longValue).sum(), "issue 12's true movements");
    policy = Fixtures.zcdpPolicy(dir, "10", "0.000001");
  }

  /** user_id,timestamp_iso,lat,lon to privflow's GPS columns, keeping the rows of the two months only. */
  static long convert(Path checkins, Path out) throws Exception {
    long n = 0;
    try (BufferedReader r = Files.newBufferedReader(checkins, StandardCharsets.UTF_8);
        BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      assertEquals("user_id,timestamp_iso,lat,lon", r.readLine());
      w.write("device_id,event_time,lat,lon\n");
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String time = line.split(",")[1];
        if (time.compareTo("2010-01-01") >= 0 && time.compareTo("2010-03-01") < 0) {
          w.write(line);
          w.write('\n');
          n++;
        }
      }
    }
    return n;
  }

  private ReleaseRequest request(String name, RequestYaml yaml) throws Exception {
    Path d = Files.createDirectories(dir.resolve(name));
    return RequestParser.parse(yaml.requestId("nyc-" + name)
        .remove("inputs.network_events").remove("inputs.cells").gpsEvents(gps.toString())
        .regionsFile(counties).start("2010-01-01").end("2010-03-01").zone("UTC").window("P1D")
        .maxTransitions(6).output(d.resolve("release")).write(d));
  }

  /** Runs the request as a release would and returns its published cells ("windowStart|origin|destination"). */
  private Map<String, Long> release(ReleaseRequest r, long expectedK) throws Exception {
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy);
    ReleasePlan plan = run.plan(r);
    assertEquals(CELLS_PER_WINDOW * SLOTS, plan.domainSize());
    assertEquals(expectedK, plan.metrics().get(0).threshold().value(), "the threshold the plan derives");
    run.execute(plan, RunnerChoice.FLINK.options(2, "[local]"));
    return SampleReleaseTest.released(r.outputDirectory().resolve("od_counts.csv"));
  }

  /** Published cells that no device filled. */
  static List<String> empty(Map<String, Long> released) {
    List<String> e = new ArrayList<>();
    released.forEach((cell, count) -> {
      if (!truth.containsKey(cell)) {
        e.add(cell);
      }
    });
    return e;
  }

  /**
   * Partition selection at rho 0.5 (the zCDP cost of Laplace epsilon 1; sigma^2 = 6, threshold 17):
   * only cells with bounded contributions get noise, so a cell no device filled is never published,
   * whatever the noise. Deterministic.
   */
  @Test
  void aPartitionSelectionPublishesNoEmptyCell() throws Exception {
    Map<String, Long> released = release(request("selection", RequestYaml.tiny().partitionSelection("0.5")), 17);
    assertFalse(released.isEmpty(), "the selection publishes something, so the claim is not vacuous");
    System.out.printf("New York: the selection published %d cells%n", released.size());
    assertEquals(List.of(), empty(released), "cells without devices were published");
  }

  /**
   * Full domain, Laplace epsilon 1, k derived from at most 1 expected empty cell per window (k 46:
   * 3,844 P[Z >= 46] <= 1). Each of the N0 <= 222,952 empty cells is published independently with
   * p = P[Z >= k] <= 1 / 3,844, so the count published is Binomial(N0, p), stochastically below
   * Binomial(222,952, 1 / 3,844), of mean 58 (58 windows x 1). It must stay below that law's upper
   * 1e-6 quantile: a correct release fails with probability at most 1e-6. The negative control is
   * issue 12's release, k 10 (p about 10.2%): the same check fails, with about 99.6% of its
   * published cells empty.
   */
  @Test
  void aFullDomainReleasePublishesAtMostItsEmptyCellTarget() throws Exception {
    long limit = upperQuantile(CELLS_PER_WINDOW * SLOTS, 1.0 / CELLS_PER_WINDOW, FALSE_FAILURE);
    assertTrue(limit > SLOTS && limit < 2 * SLOTS, "a quantile above the mean of 58: " + limit);

    Map<String, Long> targeted = release(request("target", RequestYaml.tiny().maxExpectedEmptyPerWindow("1")), 46);
    List<String> fake = empty(targeted);
    assertTrue(fake.size() < limit, fake.size() + " empty cells published; at most " + (limit - 1) + " allowed");

    Map<String, Long> k10 = release(request("k10", RequestYaml.tiny().minCount(10)), 10);
    List<String> control = empty(k10);
    System.out.printf("New York: k 46 published %d cells, %d empty (limit %d); k 10 published %d, %d empty%n",
        targeted.size(), fake.size(), limit, k10.size(), control.size());
    assertFalse(control.size() < limit, "the check catches issue 12's release: " + control.size());
    assertTrue(control.size() > 0.99 * k10.size(), control.size() + " of " + k10.size() + " published cells empty");
  }

  /** The smallest t with P[Binomial(n, p) >= t] <= alpha. */
  static long upperQuantile(long n, double p, double alpha) {
    BinomialDistribution b = new BinomialDistribution(Math.toIntExact(n), p);
    long t = Math.round(n * p);
    while (1 - b.cumulativeProbability((int) t - 1) > alpha) {
      t++;
    }
    return t;
  }

  // ---------------- the independent computation ----------------

  private record Obs(long time, int region) {}

  /** "windowStartMillis|origin|destination" to the count of devices, for every cell with at least one. */
  static Map<String, Long> independentOdMatrix(Path gpsFile, Path regionFile) throws Exception {
    List<String> ids = new ArrayList<>();
    List<PreparedGeometry> shapes = new ArrayList<>();
    JsonNode fc = new ObjectMapper().readTree(regionFile.toFile());
    for (JsonNode f : fc.get("features")) {
      ids.add(f.get("properties").get("id").asText());
      Geometry g = new GeoJsonReader().read(f.get("geometry").toString());
      shapes.add(PreparedGeometryFactory.prepare(g.isValid() ? g : GeometryFixer.fix(g)));
    }
    GeometryFactory gf = new GeometryFactory();
    Map<String, Map<Integer, Set<Obs>>> days = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(gpsFile, StandardCharsets.UTF_8)) {
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] v = line.split(",");
        long t = Instant.parse(v[1]).toEpochMilli();
        var p = gf.createPoint(new Coordinate(Double.parseDouble(v[3]), Double.parseDouble(v[2])));
        int region = -1;
        for (int i = 0; i < shapes.size() && region < 0; i++) {
          region = shapes.get(i).covers(p) ? i : -1; // the first region in the file that covers it
        }
        if (region >= 0) {
          int day = (int) Math.floorDiv(t - START, DAY);
          // a set: the same device, instant and region count once
          days.computeIfAbsent(v[0], k -> new HashMap<>()).computeIfAbsent(day, k -> new HashSet<>())
              .add(new Obs(t, region));
        }
      }
    }
    assertEquals(1_037, days.size(), "issue 12's located people");
    Map<String, Long> od = new HashMap<>();
    for (Map<Integer, Set<Obs>> device : days.values()) {
      for (int d = 0; d + 1 < WINDOWS; d++) {
        if (device.containsKey(d) && device.containsKey(d + 1)) {
          od.merge((START + d * DAY) + "|" + ids.get(modal(device.get(d))) + "|" + ids.get(modal(device.get(d + 1))),
              1L, Long::sum);
        }
      }
    }
    return od;
  }

  /** The most frequent region; ties to the latest event, then to the lower region index. */
  private static int modal(Set<Obs> obs) {
    Map<Integer, long[]> tally = new HashMap<>(); // region -> {count, latest}
    for (Obs o : obs) {
      long[] c = tally.computeIfAbsent(o.region(), k -> new long[] {0, Long.MIN_VALUE});
      c[0]++;
      c[1] = Math.max(c[1], o.time());
    }
    int best = -1;
    for (var e : tally.entrySet()) {
      long[] c = e.getValue();
      long[] b = best < 0 ? null : tally.get(best);
      if (b == null || c[0] > b[0] || (c[0] == b[0] && (c[1] > b[1] || (c[1] == b[1] && e.getKey() < best)))) {
        best = e.getKey();
      }
    }
    return best;
  }
}
