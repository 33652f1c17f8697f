package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.privflow.engine.RunnerChoice;
import io.privflow.plan.BudgetCharge;
import io.privflow.plan.Metric;
import io.privflow.plan.PlanException;
import io.privflow.plan.ReleaseForecast;
import io.privflow.plan.ReleasePlan;
import io.privflow.policy.Policy;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import io.privflow.testing.ZeroNoise;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole release of home_presence and home_od on the hand-made tiny input, with the test-only
 * zero-noise mechanism, so every row is worked out by hand below; and the bounds and shares that
 * plan, release.json and report.json state. About 23 s in all at a load of 4 on 2 cores (17 s of it
 * the first release, in a cold JVM; 43 s at a load of 13).
 */
class HomeReleaseTest {
  @TempDir Path dir;

  /**
   * Nights from 06:30 to 08:30 UTC (the tiny events have none between 22:00 and 06:00), a home on
   * at least 2 nights; home presence and home OD at half the budget each.
   */
  private static RequestYaml request() {
    return RequestYaml.tiny().remove("metrics.od").homePresence(7, "0.5").homeOd(3, "0.5")
        .home("06:30", "08:30", 2);
  }

  @Test
  void zeroNoiseHomeTablesMatchTheHandComputedRows() throws Exception {
    ReleaseRequest req = RequestParser.parse(request().write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), Fixtures.policy(dir));
    ReleasePlan plan = run.plan(req, ZeroNoise.factory());
    ReleaseRun.Outcome o = run.execute(plan, RunnerChoice.DIRECT.options(2, null));

    // Nights (06:30-08:30): device 1 has one (03-01 08:00 in A): unknown. Device 2 has three, A
    // (03-01 07:00), C (03-02 07:00), A (03-04 07:00): home A. Device 3 has none: unknown.
    // Windows as in TinyReleaseTest: device 1 A, B, B (days 1-3); device 2 A, C, -, A; device 3 C, A.
    assertEquals(List.of(
        "window_start,window_end,home_region,region,count,ci95_low,ci95_high",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,A,A,1,1,1",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,unknown,A,1,1,1",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,unknown,C,1,1,1",
        "2020-03-02T00:00:00Z,2020-03-03T00:00:00Z,A,C,1,1,1",
        "2020-03-02T00:00:00Z,2020-03-03T00:00:00Z,unknown,A,1,1,1",
        "2020-03-02T00:00:00Z,2020-03-03T00:00:00Z,unknown,B,1,1,1",
        "2020-03-03T00:00:00Z,2020-03-04T00:00:00Z,unknown,B,1,1,1",
        "2020-03-04T00:00:00Z,2020-03-05T00:00:00Z,A,A,1,1,1"),
        Files.readAllLines(dir.resolve("release/home_presence_counts.csv")));
    assertEquals(List.of(
        "window_start,window_end,home_region,origin_region,destination_region,count,ci95_low,ci95_high",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,A,A,C,1,1,1",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,unknown,A,B,1,1,1",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,unknown,C,A,1,1,1",
        "2020-03-02T00:00:00Z,2020-03-03T00:00:00Z,unknown,B,B,1,1,1"),
        Files.readAllLines(dir.resolve("release/home_od_counts.csv")));
    assertEquals(Map.of(Metric.HOME_PRESENCE, 8L, Metric.HOME_OD, 4L), o.releasedCells());
    assertTrue(Files.isRegularFile(dir.resolve("release/home_presence_counts.parquet")));
    assertTrue(Files.isRegularFile(dir.resolve("release/home_od_counts.parquet")));

    ObjectMapper json = new ObjectMapper();
    JsonNode meta = json.readTree(dir.resolve("release/release.json").toFile());
    JsonNode hp = meta.at("/metrics/0");
    assertEquals("home_presence", hp.path("metric").asText());
    assertEquals(4 * 4 * 3, hp.at("/cells/domain").asLong()); // 4 windows x (3 regions + unknown) x 3 regions
    assertEquals(7, hp.at("/contribution_bound/max_windows_per_device").asInt());
    assertEquals(7, hp.path("l1_sensitivity").asLong());
    assertEquals(2.646, hp.path("l2_sensitivity").asDouble()); // sqrt(7), rounded as release.json rounds
    assertEquals("06:30", hp.at("/home/night_start").asText());
    assertEquals("UTC", hp.at("/home/zone").asText());
    assertEquals(2, hp.at("/home/min_nights").asInt());
    JsonNode ho = meta.at("/metrics/1");
    assertEquals("home_od", ho.path("metric").asText());
    assertEquals(3 * 4 * 3 * 3, ho.at("/cells/domain").asLong());
    assertEquals(3, ho.at("/contribution_bound/max_transitions_per_device").asInt());
    assertEquals(3, ho.path("l1_sensitivity").asLong());
    assertEquals(List.of("window_start", "window_end", "home_region", "origin_region", "destination_region", "count",
        "ci95_low", "ci95_high"), json.convertValue(ho.path("columns"), List.class));

    JsonNode report = json.readTree(dir.resolve("release/report.json").toFile());
    JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
        json.readTree(Fixtures.projectRoot().resolve("docs/report.schema.json").toFile()),
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    assertEquals(Set.of(), schema.validate(report));
    JsonNode rp = report.at("/metrics/0");
    assertEquals("home_presence", rp.path("metric").asText());
    assertEquals(0.5, rp.path("budget_share").asDouble());
    assertEquals(0.5, rp.path("budget").asDouble()); // epsilon 1 x share 0.5
    assertEquals("max_windows_per_device", rp.at("/contribution_bound/name").asText());
    assertEquals(7, rp.at("/contribution_bound/value").asLong());
    assertTrue(rp.path("home").asText().contains("06:30 to 08:30 local time in UTC"), rp.path("home").asText());
    assertTrue(rp.path("home").asText().contains("at least 2 nights"), rp.path("home").asText());
    JsonNode ro = report.at("/metrics/1");
    assertEquals("max_transitions_per_device", ro.at("/contribution_bound/name").asText());
    assertEquals(3, ro.at("/contribution_bound/value").asLong());
    String html = Files.readString(dir.resolve("release/report.html"));
    assertTrue(html.contains("Devices present in each region by home region"));
    assertTrue(html.contains("Movements between regions by home region"));
    assertTrue(html.contains("Budget share 0.5, L1 sensitivity 7, L2 sensitivity 2.646"), html);
    assertTrue(html.contains("Budget share 0.5, L1 sensitivity 3, L2 sensitivity 1.732"), html);
  }

  @Test
  void thePlanStatesTheBoundsAndSensitivities() throws Exception {
    Policy policy = Fixtures.policy(dir);
    ReleaseRequest req = RequestParser.parse(request().write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy);
    ReleasePlan plan = run.plan(req, ZeroNoise.factory());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReleaseForecast.of(plan, BudgetCharge.of(req, policy), List.of(), false)
        .print(new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("metric home_presence: epsilon 0.5, bound 7 per device"), text);
    assertTrue(text.contains("  bound: max_windows_per_device = 7 (each device has one home): L1 sensitivity 7,"
        + " L2 sensitivity 2.6458; 12 cells per window (homes: the regions and unknown)"), text);
    assertTrue(text.contains("metric home_od: epsilon 0.5, bound 3 per device"), text);
    assertTrue(text.contains("  bound: max_transitions_per_device = 3 (each device has one home): L1 sensitivity 3,"
        + " L2 sensitivity 1.7321; 36 cells per window"), text);
    assertEquals(2, plan.nights().minNights());
  }

  @Test
  void aPartitionSelectionPublishesOnlyCellsThatHoldDevices() throws Exception {
    // Real noise: whatever it draws, no published row may be a cell without devices (the hand-computed
    // cells of the zero-noise test above are the only ones holding any). About 5 s.
    Policy policy = Fixtures.zcdpPolicy(dir, "100", "0.001");
    ReleaseRequest req = RequestParser.parse(request().partitionSelection("50").write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy);
    ReleasePlan plan = run.plan(req);
    assertEquals(0.0, plan.metrics().get(0).expectedEmptyPerWindow());
    run.execute(plan, RunnerChoice.DIRECT.options(2, null));
    List<String> holding = List.of("2020-03-01T00:00:00Z,A,A", "2020-03-01T00:00:00Z,unknown,A",
        "2020-03-01T00:00:00Z,unknown,C", "2020-03-02T00:00:00Z,A,C", "2020-03-02T00:00:00Z,unknown,A",
        "2020-03-02T00:00:00Z,unknown,B", "2020-03-03T00:00:00Z,unknown,B", "2020-03-04T00:00:00Z,A,A");
    for (String row : Files.readAllLines(dir.resolve("release/home_presence_counts.csv")).stream().skip(1)
        .toList()) {
      String[] f = row.split(",");
      assertTrue(holding.contains(f[0] + "," + f[2] + "," + f[3]), row);
    }
    JsonNode meta = new ObjectMapper().readTree(dir.resolve("release/release.json").toFile());
    assertEquals("partition_selection", meta.path("release").asText());
    assertTrue(meta.at("/thresholds/home_od").asLong() >= 1, meta.path("thresholds").toString());
  }

  @Test
  void anEmptyCellsTargetDerivesKFromTheHomeDomain() throws Exception {
    Policy policy = Fixtures.policy(dir);
    ReleaseRequest req = RequestParser.parse(request().maxExpectedEmptyPerWindow("1").write(dir));
    ReleasePlan plan = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy).plan(req,
        ZeroNoise.factory());
    // 12 and 36 cells per window: k is the smallest with at most 1 empty cell expected per window.
    for (var m : plan.metrics()) {
      assertTrue(m.expectedEmptyPerWindow() <= 1, m.label());
      assertTrue(m.domain().cellsPerSlot() * m.noise().probabilityAtLeast(m.threshold().value() - 1) > 1, m.label());
    }
  }

  @Test
  void withoutHomeMetricsNoHomeIsDetected() throws Exception {
    ReleaseRequest req = RequestParser.parse(RequestYaml.tiny().write(dir));
    ReleasePlan plan = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), Fixtures.policy(dir))
        .plan(req, ZeroNoise.factory());
    assertEquals(null, plan.nights()); // ReadAndLocate.withHomes(null): no detector, every home unknown
  }

  @Test
  void homeOdNeedsTwoWindows() throws Exception {
    ReleaseRequest req = RequestParser.parse(request().window("P4D").write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), Fixtures.policy(dir));
    PlanException e = assertThrows(PlanException.class, () -> run.plan(req, ZeroNoise.factory()));
    assertTrue(e.getMessage().startsWith("metrics.home_od: an origin-destination release needs at least two"
        + " windows"), e.getMessage());
  }

  @Test
  void aRegionCalledUnknownIsRefused() throws Exception {
    String geo = Files.readString(Fixtures.tiny("regions.geojson")).replace("\"id\":\"C\"", "\"id\":\"unknown\"");
    Path regions = Files.writeString(dir.resolve("regions.geojson"), geo);
    ReleaseRequest req = RequestParser.parse(request().regionsFile(regions).write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), Fixtures.policy(dir));
    PlanException e = assertThrows(PlanException.class, () -> run.plan(req, ZeroNoise.factory()));
    assertTrue(e.getMessage().contains("regions: a region's id is \"unknown\""), e.getMessage());
  }
}
