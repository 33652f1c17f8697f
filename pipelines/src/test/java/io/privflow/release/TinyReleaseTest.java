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
    assertEquals(Map.of("BAD_TIME", 1L, "MISSING_FIELD", 1L, "MALFORMED_ROW", 1L, "UNKNOWN_CELL", 1L,
        "CELL_OUTSIDE_REGIONS", 1L, "CELL_NOT_VALID_AT_TIME", 1L), c.rejected(Source.NETWORK_EVENTS));
    assertEquals(4, c.read(Source.GPS_EVENTS));
    assertEquals(Map.of("BAD_COORDINATE", 1L, "OUTSIDE_REGIONS", 1L), c.rejected(Source.GPS_EVENTS));
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
    // one folder per stage and reason code; 8 rejected records in all
    assertEquals(Map.of("ingest/BAD_TIME", 1L, "ingest/MISSING_FIELD", 1L, "ingest/MALFORMED_ROW", 1L,
        "ingest/BAD_COORDINATE", 1L, "regions/UNKNOWN_CELL", 1L, "regions/CELL_OUTSIDE_REGIONS", 1L,
        "regions/CELL_NOT_VALID_AT_TIME", 1L, "regions/OUTSIDE_REGIONS", 1L), rowsByFolder);
    try (var s = Files.list(dir)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".privflow-work")), "work dir removed");
    }
  }
}
