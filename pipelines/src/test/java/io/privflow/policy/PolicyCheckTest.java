package io.privflow.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.engine.RunnerChoice;
import io.privflow.plan.NoiseCalibration;
import io.privflow.plan.ReleasePlanner;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.release.ReleaseRun;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per policy rule: the request breaks exactly that rule and the refusal names its field. */
class PolicyCheckTest {
  @TempDir Path dir;
  private static final LocalDate TODAY = LocalDate.parse("2020-06-01");

  private ReleaseRequest request(RequestYaml yaml) throws Exception {
    return RequestParser.parse(yaml.write(dir));
  }

  /** The tiny request kept until 2020-08-01 (61 days after TODAY), for the retention rules. */
  private static RequestYaml tinyYaml() {
    return RequestYaml.tiny().retentionUntil("2020-08-01");
  }

  private ReleaseRequest tiny() throws Exception {
    return request(tinyYaml());
  }

  /** A policy for dataset tiny (pure DP, 10 per month) with the given rules block lines. */
  private Policy policy(String accounting, String rules) throws Exception {
    Path f = dir.resolve("policy.yaml");
    Files.writeString(f, """
        state_directory: state
        datasets:
          tiny:
            budget_period: month
            accounting: %s
            budget: 10
            rules:
        %s
        """.formatted(accounting, rules.indent(6).stripTrailing()));
    return PolicyParser.parse(f);
  }

  private Policy policy(String rules) throws Exception {
    return policy("pure_dp", rules);
  }

  /**
   * The rules broken by {@code r} under {@code p}, with its real plan's figures; a non-zero
   * {@code domainCells} stands in for the plan's domain size (the domain-cap tests).
   */
  private List<String> violations(ReleaseRequest r, Policy p, LocalDate date, long domainCells) {
    PlanFigures figures = figures(r, p);
    return PolicyCheck.violations(r, p, date,
        domainCells == 0 ? figures : new PlanFigures(domainCells, figures.metrics()));
  }

  private static PlanFigures figures(ReleaseRequest r, Policy p) {
    return new ReleasePlanner(w -> {}, NoiseCalibration.exact()).plan(r, p).figures();
  }

  private static String only(List<String> broken) {
    assertEquals(1, broken.size(), String.join("\n", broken));
    return broken.get(0);
  }

  @Test
  void requestWithinEveryRulePasses() throws Exception {
    Policy p = policy("""
        max_epsilon_per_release: 1
        max_rho_per_release: 0.5
        min_count: 1
        min_window: P1D
        allowed_region_sets: {regions.geojson: {file: %s}}
        allowed_purposes: [testing  PRIVFLOW]
        allowed_legal_bases: [GDPR Art. 6(1)(e)]
        max_retention: P90D""".formatted(Fixtures.tiny("regions.geojson")));
    assertEquals(List.of(), violations(tiny(), p, TODAY, 0));
  }

  @Test
  void maxEpsilonPerRelease() throws Exception {
    String v = only(violations(tiny(), policy("max_epsilon_per_release: 0.5"), TODAY, 0));
    assertTrue(v.startsWith("privacy.epsilon: epsilon 1, above the policy's max_epsilon_per_release 0.5"), v);
  }

  @Test
  void maxEpsilonPerReleaseAppliesToAGaussianReleaseAtItsDelta() throws Exception {
    // rho 0.125, delta 1e-6: epsilon = 0.125 + 2 sqrt(0.125 * 13.8155) = 0.125 + 2 * 1.31413 = 2.7533
    ReleaseRequest r = request(tinyYaml().gaussian("0.125"));
    String v = only(violations(r, policy("zcdp", "max_epsilon_per_release: 2"), TODAY, 0));
    assertTrue(v.startsWith("privacy.rho: rho 0.125 at delta 0.000001 is (2.7533, delta)-DP"), v);
    assertEquals(List.of(), violations(r, policy("zcdp", "max_epsilon_per_release: 2.76"), TODAY, 0));
  }

  @Test
  void maxRhoPerRelease() throws Exception {
    // a Laplace release with epsilon 1 is 0.5-zCDP
    String v = only(violations(tiny(), policy("zcdp", "max_rho_per_release: 0.4"), TODAY, 0));
    assertTrue(v.startsWith("privacy.epsilon: epsilon 1 is rho 0.5 (epsilon^2 / 2) in zCDP, above the policy's"
        + " max_rho_per_release 0.4"), v);
  }

  @Test
  void perPeriodBudget() throws Exception {
    ReleaseRequest r = request(tinyYaml().epsilon("12"));
    String v = only(violations(r, policy("min_count: 0"), TODAY, 0));
    assertTrue(v.startsWith("privacy.epsilon: the release costs epsilon 12, more than dataset tiny's whole budget of"
        + " 10 per month"), v);
  }

  @Test
  void minCount() throws Exception {
    String v = only(violations(tiny(), policy("min_count: 5"), TODAY, 0));
    assertEquals("privacy.min_count: metric od's threshold 1 is below the policy's min_count 5", v);
  }

  /** The tiny release (3 x 3 OD cells per window, scale 3, k 1) publishes 9 P[Z >= 1] = 3.76 empty cells per window. */
  @Test
  void maxExpectedEmptyCellsPerWindow() throws Exception {
    Policy p = policy("max_expected_empty_cells_per_window: 1");
    String v = only(violations(tiny(), p, TODAY, 0));
    assertTrue(v.startsWith("privacy.min_count: metric od with threshold 1 is expected to publish 3.76 empty cells per"
        + " window, more than the policy's max_expected_empty_cells_per_window 1"), v);
    assertEquals(List.of(), violations(request(tinyYaml().maxExpectedEmptyPerWindow("1")), p, TODAY, 0),
        "a k derived from a target within the rule passes");
    assertEquals(List.of(), violations(request(tinyYaml().minCount(7)), p, TODAY, 0), "9 P[Z >= 7] = 0.94");
  }

  @Test
  void aPartitionSelectionNeedsAZcdpDatasetWithADeltaBudget() throws Exception {
    ReleaseRequest r = request(tinyYaml().partitionSelection("0.25"));
    String pure = String.join("\n", violations(r, policy("min_count: 0"), TODAY, 0));
    assertTrue(pure.contains("privacy.release: dataset tiny is accounted in pure DP (delta = 0), and a partition"
        + " selection spends a delta"), pure);
    String none = only(violations(r, policy("zcdp", "min_count: 0"), TODAY, 0));
    assertTrue(none.startsWith("privacy.release: dataset tiny has no delta_budget in the custodian policy"), none);
    assertEquals(List.of(), violations(r, deltaBudget("0.000001"), TODAY, 0));
    String small = only(violations(r, deltaBudget("0.000000001"), TODAY, 0));
    assertTrue(small.startsWith("privacy.selection_delta: 0.00000001 is more than dataset tiny's whole delta_budget of"
        + " 0.000000001 per month"), small);
  }

  /** A zCDP policy for dataset tiny with a delta budget. */
  private Policy deltaBudget(String delta) throws Exception {
    Path f = dir.resolve("policy.yaml");
    Files.writeString(f, """
        state_directory: state
        datasets:
          tiny:
            budget_period: month
            accounting: zcdp
            budget: 10
            delta_budget: %s
        """.formatted(delta));
    return PolicyParser.parse(f);
  }

  @Test
  void minWindow() throws Exception {
    ReleaseRequest r = request(tinyYaml().window("PT6H"));
    String v = only(violations(r, policy("min_window: PT12H"), TODAY, 0));
    assertEquals("time.window: PT6H is shorter than the policy's min_window PT12H", v);
    assertEquals(List.of(), violations(tiny(), policy("min_window: PT24H"), TODAY, 0), "P1D counts as 24 h");
  }

  @Test
  void allowedRegionSets() throws Exception {
    String sets = "allowed_region_sets: {municipalities: {file: " + Fixtures.tiny("regions.geojson") + "}}";
    String v = only(violations(tiny(), policy(sets), TODAY, 0));
    assertEquals("regions.set: 'regions.geojson' is not among the policy's allowed_region_sets [municipalities]", v);
    ReleaseRequest named = request(tinyYaml().regionSet("municipalities"));
    assertEquals(List.of(), violations(named, policy(sets), TODAY, 0));
  }

  /** The rule checks the file, not a name the requester writes: another file under the same name is refused. */
  @Test
  void anAllowedRegionSetNameWithAnotherFileIsRefused() throws Exception {
    Path other = dir.resolve("world.geojson");
    Files.writeString(other, Files.readString(Fixtures.tiny("regions.geojson")).replace("\"A\"", "\"A2\""));
    String sets = "allowed_region_sets: {municipalities: {sha256: " + io.privflow.files.Digests.sha256(
        Fixtures.tiny("regions.geojson")) + "}}";
    ReleaseRequest swapped = request(tinyYaml().regionSet("municipalities").regionsFile(other));
    String v = only(violations(swapped, policy(sets), TODAY, 0));
    assertEquals("regions.file: world.geojson is not the file of region set 'municipalities' (its SHA-256 differs"
        + " from the one the policy gives)", v);
  }

  @Test
  void aListOfBareRegionSetNamesIsRefused() {
    PolicyException e = assertThrows(PolicyException.class, () -> policy("allowed_region_sets: [municipalities]"));
    assertTrue(e.getMessage().contains("allowed_region_sets"), e.getMessage());
  }

  @Test
  void theDomainSizeIsCapped() throws Exception {
    assertEquals(List.of(), violations(tiny(), policy("max_domain_cells: 27"), TODAY, 27));
    String v = only(violations(tiny(), policy("max_domain_cells: 27"), TODAY, 28));
    assertTrue(v.startsWith("metrics: the public domain has 28 cells"), v);
    String byDefault = only(violations(tiny(), policy("min_count: 0"), TODAY, 20_000_001));
    assertTrue(byDefault.contains("max_domain_cells 20000000"), byDefault);
  }

  @Test
  void allowedPurposes() throws Exception {
    String v = only(violations(tiny(), policy("allowed_purposes: [Epidemic response]"), TODAY, 0));
    assertEquals("purpose: 'Testing privflow' is not among the policy's allowed_purposes [Epidemic response]", v);
  }

  @Test
  void aMissingPurposeIsNotAllowed() throws Exception {
    ReleaseRequest r = request(tinyYaml().remove("purpose"));
    assertTrue(only(violations(r, policy("allowed_purposes: [Testing privflow]"), TODAY, 0))
        .startsWith("purpose: (not given) is not among"));
  }

  @Test
  void allowedLegalBases() throws Exception {
    String v = only(violations(tiny(), policy("allowed_legal_bases: [GDPR Art. 6(1)(e) and 9(2)(i)]"), TODAY, 0));
    assertEquals("legal_basis: 'GDPR Art. 6(1)(e)' is not among the policy's allowed_legal_bases"
        + " [GDPR Art. 6(1)(e) and 9(2)(i)]", v);
  }

  @Test
  void maxRetention() throws Exception {
    // released 2020-06-01, kept until 2020-08-01: 61 days
    String v = only(violations(tiny(), policy("max_retention: P60D"), TODAY, 0));
    assertEquals("retention_until: 2020-08-01 is after 2020-07-31, the release date 2020-06-01 plus the policy's"
        + " max_retention P60D", v);
    assertEquals(List.of(), violations(tiny(), policy("max_retention: P61D"), TODAY, 0));
  }

  @Test
  void aRetentionDateNotAfterTheReleaseDateIsRefusedWithoutAnyRule() throws Exception {
    String v = only(violations(tiny(), policy("min_count: 0"), LocalDate.parse("2020-08-01"), 0));
    assertTrue(v.startsWith("retention_until: 2020-08-01 is not after the release date 2020-08-01"), v);
  }

  @Test
  void datasetMissingFromThePolicy() throws Exception {
    ReleaseRequest r = request(tinyYaml().dataset("other"));
    assertTrue(only(violations(r, policy("min_count: 0"), TODAY, 0)).startsWith("dataset: other is not in"));
  }

  @Test
  void gaussianUnderAPureDpBudget() throws Exception {
    ReleaseRequest r = request(tinyYaml().gaussian("0.1"));
    assertTrue(only(violations(r, policy("min_count: 0"), TODAY, 0)).startsWith("privacy.mechanism:"));
  }

  @Test
  void everyBrokenRuleIsListedAtOnce() throws Exception {
    Policy p = policy("""
        max_epsilon_per_release: 0.5
        max_rho_per_release: 0.1
        min_count: 10
        min_window: P7D
        allowed_region_sets: {municipalities: {sha256: 0000000000000000000000000000000000000000000000000000000000000000}}
        allowed_purposes: [Epidemic response]
        allowed_legal_bases: [GDPR Art. 9(2)(i)]
        max_retention: P30D""");
    PolicyException e = assertThrows(PolicyException.class, () -> PolicyCheck.check(tiny(), p, TODAY, figures(tiny(), p)));
    assertEquals(8, e.problems().size(), String.join("\n", e.problems()));
    for (String field : List.of("privacy.epsilon", "privacy.min_count", "time.window", "regions.set", "purpose",
        "legal_basis", "retention_until")) {
      assertTrue(e.problems().stream().anyMatch(x -> x.startsWith(field + ":")), field);
    }
    assertTrue(e.getMessage().startsWith("refused by the custodian policy policy.yaml before reading any data (8"
        + " problems)"), e.getMessage());
  }

  @Test
  void aRefusedReleaseReadsNothingAndReservesNothing() throws Exception {
    Policy p = policy("min_count: 5");
    ReleaseRequest r = request(RequestYaml.tiny());
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), p);
    PolicyException e = assertThrows(PolicyException.class,
        () -> run.execute(run.plan(r), RunnerChoice.DIRECT.options(1, null)));
    assertTrue(e.getMessage().contains("privacy.min_count: metric od's threshold 1 is below the policy's min_count 5"), e.getMessage());
    assertFalse(Files.exists(r.outputDirectory()));
    assertFalse(Files.exists(p.custodianFilesOf(r.dataset(), r.requestId())), "no rejected records: nothing was read");
    assertTrue(BudgetLedger.open(p).find(r.requestId()).isEmpty(), "nothing reserved");
  }

  @Test
  void malformedRulesAreNamedByTheirPath() throws Exception {
    PolicyException e = assertThrows(PolicyException.class, () -> policy("""
        max_epsilon_per_release: lots
        min_count: -1
        min_window: daily
        allowed_purposes: []
        max_retention: 90 days
        max_spend: 3"""));
    String all = String.join("\n", e.problems());
    for (String s : List.of("datasets.tiny.rules.max_epsilon_per_release: must be a positive number",
        "datasets.tiny.rules.min_count: must be a whole number", "datasets.tiny.rules.min_window: not an ISO-8601",
        "datasets.tiny.rules.allowed_purposes: must be a non-empty list",
        "datasets.tiny.rules.max_retention: not an ISO-8601 period", "datasets.tiny.rules.max_spend: unknown field")) {
      assertTrue(all.contains(s), s + " in\n" + all);
    }
  }

  @Test
  void datasetRulesOverlayThePolicyWideOnes() throws Exception {
    Path f = dir.resolve("policy.yaml");
    Files.writeString(f, """
        state_directory: state
        rules:
          min_count: 5
          allowed_purposes: [Epidemic response]
        datasets:
          tiny:
            budget: 10
            rules:
              min_count: 1
        """);
    ReleaseRules rules = PolicyParser.parse(f).datasets().get("tiny").rules();
    assertEquals(1L, rules.minCount());
    assertEquals(List.of("Epidemic response"), rules.allowedPurposes());
  }
}
