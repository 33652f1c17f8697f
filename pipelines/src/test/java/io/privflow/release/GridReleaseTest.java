package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.uber.h3core.H3Core;
import io.privflow.engine.RunnerChoice;
import io.privflow.plan.Metric;
import io.privflow.plan.ReleasePlan;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny fixture's release on an H3 resolution-5 grid over the tiny regions' area (the union of its three
 * squares, 2 x 2 degrees: 136 cells, an OD domain of 55,488 cells), with zero noise: every
 * place of the tiny release is now the H3 cell holding its tower or fix. 3 s after another release in the same JVM,
 * 17-56 s alone at a load of 12-19 on 2 cores (the release's start-up; res 4, 19 cells, took as long).
 */
class GridReleaseTest {
  @TempDir Path dir;

  @Test
  void anH3GridReleaseCountsEachMoveBetweenTheCellsOfItsPlaces() throws Exception {
    ReleaseRequest req = RequestParser.parse(RequestYaml.tiny().grid("h3", 5, Fixtures.tiny("regions.geojson"))
        .write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), Fixtures.policy(dir));
    long t0 = System.nanoTime();
    ReleasePlan plan = run.plan(req, ZeroNoise.factory());
    ReleaseRun.Outcome o = run.execute(plan, RunnerChoice.DIRECT.options(2, null));
    System.out.printf("GridReleaseTest: %d cells, release in %.1f s%n", plan.regions().size(),
        (System.nanoTime() - t0) / 1e9);

    H3Core h3 = H3Core.newInstance();
    String a = h3.latLngToCellAddress(55.5, 10.5, 5); // tower cA
    String b = h3.latLngToCellAddress(55.5, 11.5, 5); // tower cB
    String c = h3.latLngToCellAddress(56.5, 11.0, 5); // tower cC
    String moved = h3.latLngToCellAddress(55.5, 11.6, 5); // cMoved's second row (from day 3)
    String fix = h3.latLngToCellAddress(56.5, 11.2, 5); // device 3's GPS fix on day 1
    // As in TinyReleaseTest: device 1 A -> B (day 1-2) -> cMoved (day 2-3); device 2 A -> C; device 3: the fix on
    // day 1, then a tie on day 2 between its fix and tower A, which the later event (A) wins.
    String w1 = "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,";
    String w2 = "2020-03-02T00:00:00Z,2020-03-03T00:00:00Z,";
    Map<String, Integer> expected = new TreeMap<>();
    for (String move : new String[] {w1 + a + "," + b, w1 + a + "," + c, w1 + fix + "," + a, w2 + b + "," + moved}) {
      expected.merge(move, 1, Integer::sum);
    }
    Set<String> rows = new TreeSet<>();
    expected.forEach((move, n) -> rows.add(move + "," + n + "," + n + "," + n));
    var lines = Files.readAllLines(dir.resolve("release/od_counts.csv"));
    assertEquals("window_start,window_end,origin_region,destination_region,count,ci95_low,ci95_high", lines.get(0));
    assertEquals(rows, new TreeSet<>(lines.subList(1, lines.size())));
    assertEquals(Map.of(Metric.OD, (long) rows.size()), o.releasedCells());

    // the same events are in scope or out of it as with the tiny region file: the area is the same land
    assertEquals(1, o.counters().outsideRegions(Source.NETWORK_EVENTS));
    assertEquals(1, o.counters().outsideRegions(Source.GPS_EVENTS));
    for (Source s : Source.values()) {
      assertTrue(o.counters().reconciles(s), s.label());
    }
    JsonNode meta = new ObjectMapper().readTree(dir.resolve("release/release.json").toFile());
    long n = plan.regions().size();
    assertEquals(136, n, "cells of about 200 km² at this latitude over about 27,600 km²");
    assertEquals(3 * n * n, meta.at("/metrics/0/cells/domain").asLong());
    assertEquals(plan.regions().sha256(), meta.at("/region_set/sha256").asText());
    assertEquals("h3 resolution 5", meta.at("/region_set/grid").asText());
    assertEquals("regions.geojson", meta.at("/region_set/area_file").asText());
    java.util.List<String> ids = new java.util.ArrayList<>();
    meta.at("/region_set/ids").forEach(x -> ids.add(x.asText()));
    assertEquals(ids.stream().sorted().toList(), ids, "the cells in id order");
    assertTrue(ids.containsAll(java.util.List.of(a, b, c, moved, fix)), "the ids are the cells' H3 addresses");
  }
}
