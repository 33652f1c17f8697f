package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privflow.engine.RunCounters;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole release on the hand-made input in src/test/resources/tiny/, with the test-only
 * zero-noise mechanism: the expected matrix is worked out by hand in the comments below.
 */
class TinyReleaseTest {
  @TempDir Path dir;

  @Test
  void zeroNoiseReleaseMatchesTheHandComputedMatrix() throws Exception {
    ReleaseRequest req = RequestParser.parse(RequestYaml.tiny().write(dir));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ReleaseRun run = new ReleaseRun(new PrintStream(log, true), Fixtures.policy(dir));
    ReleasePlan plan = run.plan(req, ZeroNoise.factory());
    ReleaseRun.Outcome o = run.execute(plan, RunnerChoice.DIRECT.options(2, null));

    // Device 1: A(day1) -> B(day2) -> B(day3, cMoved's second row). Device 2: A(2 events) beats
    // B(1) on day 1, then C on day 2, gap on day 3: one transition A->C. Device 3: GPS C on day 1;
    // day 2 ties C (GPS 10:00) and A (network 20:00), the later event wins: C->A.
    // Zero noise has a 95% half-width of 0, so each interval is [count, count].
    List<String> rows = Files.readAllLines(dir.resolve("release/od_counts.csv"));
    assertEquals(List.of(
        "window_start,window_end,origin_region,destination_region,count,ci95_low,ci95_high",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,A,B,1,1,1",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,A,C,1,1,1",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,C,A,1,1,1",
        "2020-03-02T00:00:00Z,2020-03-03T00:00:00Z,B,B,1,1,1"), rows);
    assertEquals(Map.of(Metric.OD, 4L), o.releasedCells());

    RunCounters c = o.counters();
    assertEquals(16, c.read(Source.NETWORK_EVENTS));
    assertEquals(9, c.accepted(Source.NETWORK_EVENTS));
    assertEquals(1, c.filtered(Source.NETWORK_EVENTS));
    // cSea's tower is outside every region: its event is out of scope, not rejected
    assertEquals(Map.of("BAD_TIME", 1L, "MISSING_FIELD", 1L, "MALFORMED_ROW", 1L, "UNKNOWN_CELL", 1L,
        "CELL_NOT_VALID_AT_TIME", 1L), c.rejected(Source.NETWORK_EVENTS));
    assertEquals(1, c.outsideRegions(Source.NETWORK_EVENTS));
    assertEquals(4, c.read(Source.GPS_EVENTS));
    // the fix at (54.0, 10.0) is outside every region: out of scope, not rejected
    assertEquals(Map.of("BAD_COORDINATE", 1L), c.rejected(Source.GPS_EVENTS));
    assertEquals(1, c.outsideRegions(Source.GPS_EVENTS));
    assertEquals(7, c.accepted(Source.CELLS));
    for (Source s : Source.values()) {
      assertTrue(c.reconciles(s), s.label());
    }

    JsonNode meta = new ObjectMapper().readTree(dir.resolve("release/release.json").toFile());
    assertEquals(3 * 3 * 3, meta.at("/metrics/0/cells/domain").asLong());
    assertEquals(4, meta.at("/metrics/0/cells/released").asLong());
    assertEquals(23, meta.at("/metrics/0/cells/suppressed").asLong());
    assertEquals(1.0, meta.at("/privacy/epsilon").asDouble());
    assertEquals(3, meta.at("/metrics/0/contribution_bound/max_transitions_per_device").asInt());
    assertTrue(Files.isRegularFile(dir.resolve("release/od_counts.parquet")));

    // rejected records are custodian-only, outside the release, and hold pseudonyms at most
    Path rejectedDir = dir.resolve("state/custodian/tiny/tiny-test/rejected");
    Map<String, Long> rowsByFolder = new java.util.TreeMap<>();
    try (var files = Files.walk(rejectedDir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String folder = rejectedDir.relativize(f.getParent()).toString();
        rowsByFolder.merge(folder, (long) Files.readAllLines(f).size() - 1, Long::sum);
      }
    }
    // one folder per stage and reason code; 6 rejected records in all
    assertEquals(Map.of("ingest/BAD_TIME", 1L, "ingest/MISSING_FIELD", 1L, "ingest/MALFORMED_ROW", 1L,
        "ingest/BAD_COORDINATE", 1L, "regions/UNKNOWN_CELL", 1L, "regions/CELL_NOT_VALID_AT_TIME", 1L),
        rowsByFolder);
    // a region-stage rejection names the file and record of the event, like an ingest rejection
    List<String> unknownCell;
    try (var files = Files.list(rejectedDir.resolve("regions/UNKNOWN_CELL"))) {
      Path f = files.filter(Files::isRegularFile).findFirst().orElseThrow();
      unknownCell = Files.readAllLines(f);
    }
    assertEquals("source,file,record_number,stage,reason,pseudonym,detail", unknownCell.get(0));
    assertTrue(unknownCell.get(1).startsWith("network_events,network_events.csv,10,regions,UNKNOWN_CELL,"),
        unknownCell.get(1));
    try (var s = Files.list(dir)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".privflow-work")), "work dir removed");
    }

    // the run summary holds the out-of-scope figures and the devices the bound cut (none at L = 3)
    JsonNode summary = new ObjectMapper().readTree(
        dir.resolve("state/custodian/tiny/tiny-test/run-summary.json").toFile()).path("counters");
    assertEquals(1, summary.path("outside_regions.network_events").asLong(-1));
    assertEquals(1, summary.path("outside_regions.gps_events").asLong(-1));
    assertEquals(0, summary.path("bounding.od.capped_devices").asLong(-1));
  }

  /**
   * Window totals count every cell, suppressed or not: with k = 2 every OD cell of the tiny input
   * (counts of 1) is suppressed, yet the totals are 3, 1 and 0 movements (see the matrix above).
   */
  @Test
  void windowTotalsAreTheirOwnCountsWhateverTheThresholdSuppresses() throws Exception {
    ReleaseRequest req = RequestParser.parse(RequestYaml.tiny().minCount(2).odShare("0.75").total("0.25").write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), Fixtures.policy(dir));
    ReleaseRun.Outcome o = run.execute(run.plan(req, ZeroNoise.factory()), RunnerChoice.DIRECT.options(2, null));
    assertEquals(List.of("window_start,window_end,origin_region,destination_region,count,ci95_low,ci95_high"),
        Files.readAllLines(dir.resolve("release/od_counts.csv")));
    assertEquals(List.of(
        "window_start,window_end,metric,count,ci95_low,ci95_high",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,od,3,3,3",
        "2020-03-02T00:00:00Z,2020-03-03T00:00:00Z,od,1,1,1",
        "2020-03-03T00:00:00Z,2020-03-04T00:00:00Z,od,0,0,0"), Files.readAllLines(dir.resolve("release/od_totals.csv")));
    assertEquals(Map.of(Metric.OD, 0L, Metric.OD_TOTALS, 3L), o.releasedCells());
    assertTrue(Files.isRegularFile(dir.resolve("release/od_totals.parquet")));

    JsonNode meta = new ObjectMapper().readTree(dir.resolve("release/release.json").toFile());
    assertEquals("od_totals", meta.at("/metrics/1/metric").asText());
    assertEquals(0.25, meta.at("/metrics/1/epsilon").asDouble());
    assertEquals(3, meta.at("/metrics/1/cells/domain").asLong());
    assertTrue(meta.at("/thresholds/od_totals").isMissingNode(), "window totals have no threshold");
    assertEquals(2, meta.at("/thresholds/od").asLong());
    JsonNode report = new ObjectMapper().readTree(dir.resolve("release/report.json").toFile());
    assertEquals(1, report.path("metrics").size(), "the totals are shown with the metric they add up");
    JsonNode totals = report.at("/metrics/0/noisy_totals/windows");
    assertEquals(3, totals.get(0).path("total").asLong());
    assertEquals(0, totals.get(0).path("published_cells_sum").asLong(), "every cell was suppressed");
  }

  /** Device 1 moves twice (A->B, B->B); with L = 1 the bound cuts it, and the summary says so. */
  @Test
  void theRunSummaryCountsDevicesCutByTheBound() throws Exception {
    ReleaseRequest req = RequestParser.parse(RequestYaml.tiny().maxTransitions(1).write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), Fixtures.policy(dir));
    ReleaseRun.Outcome o = run.execute(run.plan(req, ZeroNoise.factory()), RunnerChoice.DIRECT.options(2, null));
    assertEquals(1, o.counters().cappedDevices("od"));
    JsonNode summary = new ObjectMapper().readTree(
        dir.resolve("state/custodian/tiny/tiny-test/run-summary.json").toFile()).path("counters");
    assertEquals(1, summary.path("bounding.od.capped_devices").asLong(-1));
  }
}
