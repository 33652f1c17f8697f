package io.privflow.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.plan.NoiseCalibration;
import io.privflow.plan.ReleasePlan;
import io.privflow.plan.ReleasePlanner;
import io.privflow.request.Grid;
import io.privflow.request.GridSystem;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A custodian approves a grid by its digest (grid and area file); the domain cap holds for grids as for files. */
class GridPolicyCheckTest {
  @TempDir Path dir;
  private static final LocalDate TODAY = LocalDate.parse("2020-06-01");
  private static final Path AREA = Fixtures.tiny("regions.geojson");

  private Policy policy(String rules) throws Exception {
    Path f = dir.resolve("policy.yaml");
    Files.writeString(f, """
        state_directory: state
        datasets:
          tiny:
            budget_period: month
            accounting: pure_dp
            budget: 10
            rules:
        %s
        """.formatted(rules.indent(6).stripTrailing()));
    return PolicyParser.parse(f);
  }

  private List<String> violations(RequestYaml y, Policy p) throws Exception {
    ReleaseRequest r = RequestParser.parse(y.retentionUntil("2020-08-01").write(dir));
    ReleasePlan plan = new ReleasePlanner(w -> {}, NoiseCalibration.exact()).plan(r, p);
    return PolicyCheck.violations(r, p, TODAY, plan.figures());
  }

  @Test
  void aGridApprovedByItsDigestPassesAndAnotherResolutionIsRefused() throws Exception {
    String sha = new Grid(GridSystem.H3, 5, null, AREA).sha256();
    Policy p = policy("allowed_region_sets: {tiny-h3-5: {sha256: " + sha + "}}");
    assertEquals(List.of(), violations(RequestYaml.tiny().grid("h3", 5, AREA).regionSet("tiny-h3-5"), p));
    assertEquals(List.of("regions.grid: h3 resolution 4 over regions.geojson is not the grid of region set"
        + " 'tiny-h3-5' (its SHA-256 differs from the one the policy gives; `privflow plan` prints it)"),
        violations(RequestYaml.tiny().grid("h3", 4, AREA).regionSet("tiny-h3-5"), p));
    // the region file's own digest does not approve a grid over it
    Policy byFile = policy("allowed_region_sets: {tiny-h3-5: {file: " + AREA + "}}");
    assertEquals(1, violations(RequestYaml.tiny().grid("h3", 5, AREA).regionSet("tiny-h3-5"), byFile).size());
  }

  /** The sample grid request: its 899 cells, and the sample policy approves it by the digest it lists. */
  @Test
  void theSampleGridRequestFollowsTheSamplePolicy() throws Exception {
    Path samples = Fixtures.projectRoot().resolve("sample-data");
    ReleaseRequest r = RequestParser.parse(samples.resolve("requests/daily-presence-h3.yaml"));
    Policy p = PolicyParser.parse(samples.resolve("policy.yaml"));
    ReleasePlan plan = new ReleasePlanner(w -> {}, NoiseCalibration.exact()).plan(r, p);
    assertEquals(899, plan.regions().size());
    assertEquals(7 * 899, plan.figures().domainCells());
    // a release date within the sample policy's max_retention (P5Y) of the request's retention_until
    assertEquals(List.of(), PolicyCheck.violations(r, p, LocalDate.parse("2026-06-01"), plan.figures()));
    assertTrue(Files.readString(samples.resolve("policy.yaml")).contains("sample-h3-6: {sha256: "
        + plan.regions().sha256() + "}"));
  }

  /**
   * H3 resolution 7 over the tiny fixture's 2 x 2 degrees is 5,000-odd cells: its OD domain (3 transitions x
   * cells²) is near 10^8 cells, beyond the default cap of 20,000,000, and is refused like any other.
   */
  @Test
  void aGridsDomainIsCappedByDefault() throws Exception {
    List<String> v = violations(RequestYaml.tiny().grid("h3", 7, AREA), policy("min_count: 1"));
    assertEquals(1, v.size(), v.toString());
    assertTrue(v.get(0).startsWith("metrics: the public domain has ") && v.get(0).contains("max_domain_cells 20000000"),
        v.get(0));
  }
}
