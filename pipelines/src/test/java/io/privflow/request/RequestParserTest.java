package io.privflow.request;

import static io.privflow.testing.RequestYaml.tiny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.privacy.Guarantee;
import io.privflow.privacy.Rational;
import io.privflow.privacy.ReleaseMode;
import io.privflow.testing.RequestYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per validation rule: each names the field and the problem, never the value found. */
class RequestParserTest {
  @TempDir Path dir;

  private ReleaseRequest parse(RequestYaml yaml) throws Exception {
    return RequestParser.parse(yaml.write(dir));
  }

  private String problems(RequestYaml yaml) {
    RequestException e = assertThrows(RequestException.class, () -> parse(yaml));
    return String.join("\n", e.problems());
  }

  @Test
  void validRequestIsParsedIntoTypedValues() throws Exception {
    ReleaseRequest r = parse(tiny());
    assertEquals("tiny-test", r.requestId());
    assertEquals(new Guarantee.PureDp(Rational.of(1, 1)), r.privacy().guarantee());
    assertEquals(Period.ofDays(1), r.time().window());
    assertEquals(3, r.metrics().od().maxTransitionsPerDevice());
    assertEquals(Rational.of(1, 1), r.metrics().od().share());
    assertEquals("discrete_laplace", r.privacy().guarantee().mechanism());
    assertTrue(r.outputDirectory().isAbsolute());
  }

  @Test
  void decimalsAreExact() throws Exception {
    assertEquals(new Guarantee.PureDp(Rational.of(1, 10)), parse(tiny().epsilon("0.1")).privacy().guarantee());
    assertEquals(new Guarantee.PureDp(Rational.of(1, 10)), parse(tiny().set("privacy.epsilon", 0.1)).privacy().guarantee());
  }

  @Test
  void hourlyWindowIsADuration() throws Exception {
    assertEquals(Duration.ofHours(1), parse(tiny().window("PT1H")).time().window());
  }

  @Test
  void epsilonMustBePositive() {
    assertTrue(problems(tiny().epsilon("0")).contains("privacy.epsilon: must be greater than 0"));
    assertTrue(problems(tiny().epsilon("-1")).contains("privacy.epsilon"));
  }

  @Test
  void epsilonMustBeANumberAndIsNotQuoted() {
    String p = problems(tiny().epsilon("lots"));
    assertTrue(p.contains("privacy.epsilon: must be a positive number"), p);
    assertFalse(p.contains("lots"), p);
  }

  @Test
  void epsilonAboveTheCapIsRefused() {
    assertTrue(problems(tiny().epsilon("1000")).contains("privacy.epsilon: must be at most 100"));
  }

  @Test
  void unknownFieldIsNamedWithItsPath() {
    String p = problems(tiny().set("privacy.epsilom", 2));
    assertTrue(p.contains("privacy.epsilom: unknown field"), p);
    String top = problems(tiny().set("budget", 2));
    assertTrue(top.contains("budget: unknown field"), top);
  }

  @Test
  void windowMustBeAnIsoDuration() {
    String p = problems(tiny().window("daily"));
    assertTrue(p.contains("time.window: not an ISO-8601 duration"), p);
    assertFalse(p.contains("daily"), p);
  }

  @Test
  void endMustFollowStart() {
    assertTrue(problems(tiny().end("2020-03-01")).contains("time.end: must be after time.start"));
  }

  @Test
  void zoneMustExist() {
    String p = problems(tiny().zone("Mars/Olympus"));
    assertTrue(p.contains("time.zone: not a time zone id"), p);
    assertFalse(p.contains("Mars"), p);
  }

  @Test
  void missingInputFileIsNamed() {
    String p = problems(tiny().gpsEvents("/nope/gps.csv"));
    assertTrue(p.contains("inputs.gps_events[0]: file /nope/gps.csv does not exist"), p);
  }

  @Test
  void networkEventsNeedTheCellReference() {
    assertTrue(problems(tiny().remove("inputs.cells")).contains("inputs.cells: required with network_events"));
  }

  @Test
  void boundAndMinCountAreWholeNumbersInRange() {
    assertTrue(problems(tiny().maxTransitions(0))
        .contains("metrics.od.max_transitions_per_device: must be between 1 and"));
    String p = problems(tiny().set("privacy.min_count", 2.5));
    assertTrue(p.contains("privacy.min_count: must be a whole number"), p);
  }

  /** The key and the custodian-only directory are the custodian's: a request naming them is refused. */
  @Test
  void aRequestCannotChooseTheKeyOrTheCustodianDirectory() {
    String p = problems(tiny().set("pseudonymization", new com.fasterxml.jackson.databind.ObjectMapper()
        .createObjectNode().put("key_file", "/etc/hostname")).set("output.custodian_directory", "/tmp/mine"));
    assertTrue(p.contains("pseudonymization: not part of a request: the pseudonymisation key is the custodian's"), p);
    assertTrue(p.contains("output.custodian_directory: not part of a request"), p);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String p = problems(tiny().epsilon("0").window("x").set("privacy.min_count", "many").set("extra", 1));
    assertTrue(p.contains("privacy.epsilon") && p.contains("time.window") && p.contains("privacy.min_count")
        && p.contains("extra: unknown field"), p);
  }

  @Test
  void missingRequestFileIsOneClearLine() {
    RequestException e = assertThrows(RequestException.class, () -> RequestParser.parse(dir.resolve("none.yaml")));
    assertTrue(e.getMessage().contains("does not exist"));
  }

  @Test
  void sharesMustAddUpToOne() {
    String p = problems(tiny().odShare("0.5").presence(4, "0.4"));
    assertTrue(p.contains("metrics: the budget shares add up to 0.9, not 1"), p);
  }

  @Test
  void odAndPresenceTogether() throws Exception {
    ReleaseRequest r = parse(tiny().odShare("0.75").presence(4, "0.25"));
    assertEquals(new Guarantee.PureDp(Rational.of(3, 4)), r.privacy().guarantee().share(r.metrics().od().share()));
    assertEquals(4, r.metrics().presence().maxWindowsPerDevice());
  }

  @Test
  void gaussianTakesRhoNotEpsilon() throws Exception {
    ReleaseRequest r = parse(tiny().gaussian("0.125"));
    assertEquals(new Guarantee.Zcdp(Rational.of(1, 8), Rational.parse("0.000001")), r.privacy().guarantee());
    assertTrue(problems(tiny().gaussian("0.1").epsilon("1"))
        .contains("privacy.epsilon: the discrete_gaussian mechanism takes rho"));
    String unknown = problems(tiny().set("privacy.mechanism", "gaussian"));
    assertTrue(unknown.contains("privacy.mechanism: must be discrete_laplace or discrete_gaussian"), unknown);
    assertTrue(problems(tiny().delta("0.001")).contains("privacy.delta: only for the discrete_gaussian mechanism"));
  }

  @Test
  void aPartitionSelectionIsZcdpWithASelectionDelta() throws Exception {
    ReleaseRequest r = parse(tiny().partitionSelection("0.25"));
    assertEquals(ReleaseMode.PARTITION_SELECTION, r.privacy().mode());
    assertEquals(new Guarantee.Zcdp(Rational.of(1, 4), Rational.parse("0.000001"), Rational.parse("0.00000001")),
        r.privacy().guarantee(), "the selection delta defaults to 1e-8");
    assertEquals(1L, r.privacy().minCount(), "the request's k is kept as a floor");
    ReleaseRequest d = parse(tiny().partitionSelection("0.25").set("privacy.selection_delta", 0.0001));
    assertEquals(Rational.parse("0.0001"), d.privacy().guarantee().deltaCost());
    assertEquals(Rational.parse("0.000101"), d.privacy().guarantee().delta(), "both deltas are reported");
  }

  @Test
  void aPartitionSelectionNeedsTheGaussian() {
    String p = problems(tiny().set("privacy.release", "partition_selection"));
    assertTrue(p.contains("privacy.release: partition_selection uses the discrete_gaussian mechanism"), p);
  }

  @Test
  void theReleaseModeIsOneOfTwo() {
    assertTrue(problems(tiny().set("privacy.release", "sparse"))
        .contains("privacy.release: must be full_domain or partition_selection"));
  }

  @Test
  void aSelectionDeltaOnlyWithAPartitionSelectionAndInRange() {
    assertTrue(problems(tiny().gaussian("0.25").set("privacy.selection_delta", 0.0001))
        .contains("privacy.selection_delta: only with release: partition_selection"));
    String high = problems(tiny().partitionSelection("0.25").set("privacy.selection_delta", 0.01));
    assertTrue(high.contains("privacy.selection_delta: must be at most 0.001"), high);
  }

  @Test
  void aFullDomainReleaseTakesAKOrAnEmptyCellTarget() throws Exception {
    ReleaseRequest r = parse(tiny().maxExpectedEmptyPerWindow("0.5"));
    assertEquals(new ReleaseRequest.EmptyCells(Rational.of(1, 2), null, null), r.privacy().emptyCells());
    assertEquals(null, r.privacy().minCount());
    ReleaseRequest s = parse(tiny().maxEmptyShare("0.05", 20));
    assertEquals(new ReleaseRequest.EmptyCells(null, Rational.of(1, 20), 20L), s.privacy().emptyCells());
    String neither = problems(tiny().remove("privacy.min_count"));
    assertTrue(neither.contains("privacy.min_count: set min_count (k) or empty_cells"), neither);
    String both = problems(tiny().maxExpectedEmptyPerWindow("1").minCount(5));
    assertTrue(both.contains("privacy.min_count: set min_count (k) or empty_cells"), both);
  }

  @Test
  void anEmptyCellTargetIsOneOfTwoShapes() {
    String both = problems(tiny().maxExpectedEmptyPerWindow("1").set("privacy.empty_cells.max_share", 0.05));
    assertTrue(both.contains("privacy.empty_cells: set max_expected_per_window or max_share, one of the two"), both);
    String noCount = problems(tiny().maxEmptyShare("0.05", 3).remove("privacy.empty_cells.expected_nonempty_per_window"));
    assertTrue(noCount.contains("privacy.empty_cells.expected_nonempty_per_window: required with max_share"), noCount);
    String share = problems(tiny().maxEmptyShare("0.9", 3));
    assertTrue(share.contains("privacy.empty_cells.max_share: must be at most 0.5"), share);
    String selection = problems(tiny().partitionSelection("0.25").set("privacy.empty_cells",
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("max_expected_per_window", 1)));
    assertTrue(selection.contains("privacy.empty_cells: a partition selection never publishes an empty cell"),
        selection);
  }

  @Test
  void windowTotalsHaveTheirOwnShareAndAddUpACellMetric() throws Exception {
    ReleaseRequest r = parse(tiny().odShare("0.8").total("0.2"));
    assertEquals(new ReleaseRequest.Total(Rational.of(1, 5), ReleaseRequest.TotalOf.OD), r.metrics().total(),
        "the only cell metric is the one added up");
    String shares = problems(tiny().total("0.2"));
    assertTrue(shares.contains("metrics: the budget shares add up to 1.2, not 1"), shares);
    String noShare = problems(tiny().odShare("0.8").set("metrics.total",
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()));
    assertTrue(noShare.contains("metrics.total.budget_share: required"), noShare);
    String both = problems(tiny().odShare("0.4").presence(4, "0.4").total("0.2"));
    assertTrue(both.contains("metrics.total.of: required when both od and presence are asked for"), both);
    ReleaseRequest named = parse(tiny().odShare("0.4").presence(4, "0.4").total("0.2")
        .set("metrics.total.of", "presence"));
    assertEquals(ReleaseRequest.TotalOf.PRESENCE, named.metrics().total().of());
    String absent = problems(tiny().odShare("0.8").total("0.2").set("metrics.total.of", "presence"));
    assertTrue(absent.contains("metrics.total.of: names presence, which the request does not ask for"), absent);
    String unknown = problems(tiny().odShare("0.8").total("0.2").set("metrics.total.of", "regions"));
    assertTrue(unknown.contains("metrics.total.of: must be od or presence"), unknown);
  }

  @Test
  void aMetricIsRequired() {
    String p = problems(tiny().remove("metrics.od"));
    assertTrue(p.contains("metrics"), p);
  }

  @Test
  void retentionUntilIsRequiredAndAnIsoDate() {
    assertTrue(problems(tiny().remove("retention_until")).contains("retention_until: required"));
    String p = problems(tiny().retentionUntil("soon"));
    assertTrue(p.contains("retention_until: must be an ISO date"), p);
    assertFalse(p.contains("soon"), p);
    assertFalse(p.contains("retention_until: required"), "reported once: " + p);
  }

  @Test
  void regionSetDefaultsToTheFileName() throws Exception {
    assertEquals("regions.geojson", parse(tiny()).regions().set());
    assertEquals("municipalities", parse(tiny().regionSet("municipalities")).regions().set());
    assertEquals(LocalDate.parse("2099-12-31"), parse(tiny()).requester().retentionUntil());
  }

  @Test
  void aValueOfTheWrongShapeIsNamedNotQuoted() {
    String p = problems(tiny().set("purpose",
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("secret", "4512345678")));
    assertTrue(p.contains("purpose: must be a text"), p);
    assertFalse(p.contains("4512345678"), p);
  }

  @Test
  void brokenYamlNamesTheLineNotTheText() throws Exception {
    Path f = dir.resolve("broken.yaml");
    Files.writeString(f, "request_id: a\npurpose: \"4512345678\n  : [\n");
    RequestException e = assertThrows(RequestException.class, () -> RequestParser.parse(f));
    assertTrue(e.getMessage().contains("is not valid YAML (line"), e.getMessage());
    assertFalse(e.getMessage().contains("4512345678"), e.getMessage());
  }

  @Test
  void mappingIsTowerPointByDefaultOrCoverage() throws Exception {
    assertEquals(Mapping.TOWER_POINT, parse(tiny()).regions().mapping());
    assertEquals(Mapping.TOWER_POINT, parse(tiny().mapping("tower_point")).regions().mapping());
    assertEquals(Mapping.COVERAGE, parse(tiny().mapping("coverage")).regions().mapping());
    // The old constructors keep tower-point mapping.
    assertEquals(Mapping.TOWER_POINT, new Regions(dir, "id", "name", "s").mapping());
    assertEquals(Mapping.TOWER_POINT, new Regions(dir, "id", "name", "s", null, (Mapping) null).mapping());
  }

  @Test
  void anUnknownMappingIsNamedByItsField() {
    String p = problems(tiny().mapping("voronoi"));
    assertTrue(p.contains("regions.mapping: must be tower_point or coverage"), p);
    assertFalse(p.contains("voronoi"), p);
  }
}
