package io.privflow.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.privacy.Guarantee;
import io.privflow.privacy.Rational;
import io.privflow.testing.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per validation rule: each names the field and the problem. */
class RequestParserTest {
  @TempDir Path dir;

  private ReleaseRequest parse(String yaml) throws Exception {
    return RequestParser.parse(Fixtures.request(dir, yaml), Map.of());
  }

  private String problems(String yaml) {
    RequestException e = assertThrows(RequestException.class, () -> parse(yaml));
    return String.join("\n", e.problems());
  }

  @Test
  void validRequestIsParsedIntoTypedValues() throws Exception {
    ReleaseRequest r = parse(Fixtures.tinyRequest(""));
    assertEquals("tiny-test", r.requestId());
    assertEquals(new Guarantee.PureDp(Rational.of(1, 1)), r.privacy().guarantee());
    assertEquals(Period.ofDays(1), r.time().window());
    assertEquals(3, r.metrics().od().maxTransitionsPerDevice());
    assertEquals(Rational.of(1, 1), r.metrics().od().share());
    assertEquals("discrete_laplace", r.privacy().guarantee().mechanism());
    assertTrue(r.outputDirectory().isAbsolute());
    assertEquals(r.outputDirectory().resolveSibling("release.custodian"), r.custodianDirectory());
  }

  @Test
  void hourlyWindowIsADuration() throws Exception {
    ReleaseRequest r = parse(Fixtures.tinyRequest("").replace("window: P1D", "window: PT1H"));
    assertEquals(Duration.ofHours(1), r.time().window());
  }

  @Test
  void epsilonMustBePositive() {
    assertTrue(problems(Fixtures.tinyRequest("").replace("epsilon: 1.0", "epsilon: 0")).contains("privacy.epsilon: must be greater than 0"));
    assertTrue(problems(Fixtures.tinyRequest("").replace("epsilon: 1.0", "epsilon: -1")).contains("privacy.epsilon"));
  }

  @Test
  void epsilonMustBeANumber() {
    assertTrue(problems(Fixtures.tinyRequest("").replace("epsilon: 1.0", "epsilon: lots")).contains("privacy.epsilon: 'lots' is not a number"));
  }

  @Test
  void epsilonAboveTheCapIsRefused() {
    assertTrue(problems(Fixtures.tinyRequest("").replace("epsilon: 1.0", "epsilon: 1000")).contains("privacy.epsilon: 1000 is above"));
  }

  @Test
  void unknownFieldIsNamedWithItsPath() {
    String p = problems(Fixtures.tinyRequest("  epsilom: 2"));
    assertTrue(p.contains("privacy.epsilom: unknown field"), p);
  }

  @Test
  void windowMustBeAnIsoDuration() {
    assertTrue(problems(Fixtures.tinyRequest("").replace("window: P1D", "window: daily"))
        .contains("time.window: 'daily' is not an ISO-8601 duration"));
  }

  @Test
  void endMustFollowStart() {
    assertTrue(problems(Fixtures.tinyRequest("").replace("end: 2020-03-05", "end: 2020-03-01"))
        .contains("time.end: must be after time.start"));
  }

  @Test
  void zoneMustExist() {
    assertTrue(problems(Fixtures.tinyRequest("").replace("zone: UTC", "zone: Mars/Olympus"))
        .contains("time.zone: 'Mars/Olympus' is not a time zone"));
  }

  @Test
  void missingInputFileIsNamed() {
    String p = problems(Fixtures.tinyRequest("").replace(Fixtures.tiny("gps_events.csv").toString(), "/nope/gps.csv"));
    assertTrue(p.contains("inputs.gps_events[0]: file /nope/gps.csv does not exist"), p);
  }

  @Test
  void networkEventsNeedTheCellReference() {
    String yaml = Fixtures.tinyRequest("").replaceAll("  cells: \\[.*\\]\n", "");
    assertTrue(problems(yaml).contains("inputs.cells: required with network_events"));
  }

  @Test
  void boundAndMinCountAreWholeNumbersInRange() {
    assertTrue(problems(Fixtures.tinyRequest("").replace("max_transitions_per_device: 3", "max_transitions_per_device: 0"))
        .contains("metrics.od.max_transitions_per_device: must be between 1 and"));
    assertTrue(problems(Fixtures.tinyRequest("").replace("min_count: 1", "min_count: 2.5"))
        .contains("privacy.min_count: must be a whole number"));
  }

  @Test
  void keyFileFallsBackToTheEnvironmentAndMustExist() throws Exception {
    String yaml = Fixtures.tinyRequest("").replace("pseudonymization:\n  key_file: ${KEY}\n", "");
    Path req = Fixtures.request(dir, yaml);
    RequestException e = assertThrows(RequestException.class, () -> RequestParser.parse(req, Map.of()));
    assertTrue(e.getMessage().contains("PRIVFLOW_KEY_FILE"), e.getMessage());
    Path key = Fixtures.key(dir);
    assertEquals(key, RequestParser.parse(req, Map.of("PRIVFLOW_KEY_FILE", key.toString())).keyFile());
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String p = problems(Fixtures.tinyRequest("").replace("epsilon: 1.0", "epsilon: 0").replace("window: P1D", "window: x"));
    assertTrue(p.contains("privacy.epsilon") && p.contains("time.window"), p);
  }

  @Test
  void missingRequestFileIsOneClearLine() {
    RequestException e = assertThrows(RequestException.class, () -> RequestParser.parse(dir.resolve("none.yaml"), Map.of()));
    assertTrue(e.getMessage().contains("does not exist"));
  }

  @Test
  void sharesMustAddUpToOne() {
    String yaml = Fixtures.tinyRequest("").replace("max_transitions_per_device: 3",
        "max_transitions_per_device: 3\n    budget_share: 0.5\n  presence:\n    budget_share: 0.4\n    max_windows_per_device: 4");
    assertTrue(problems(yaml).contains("metrics: the budget shares add up to 9/10, not 1"), problems(yaml));
  }

  @Test
  void odAndPresenceTogether() throws Exception {
    String yaml = Fixtures.tinyRequest("").replace("max_transitions_per_device: 3",
        "max_transitions_per_device: 3\n    budget_share: 0.75\n  presence:\n    budget_share: 0.25\n    max_windows_per_device: 4");
    ReleaseRequest r = parse(yaml);
    assertEquals(new Guarantee.PureDp(Rational.of(3, 4)), r.privacy().guarantee().share(r.metrics().od().share()));
    assertEquals(4, r.metrics().presence().maxWindowsPerDevice());
  }

  @Test
  void gaussianTakesRhoNotEpsilon() throws Exception {
    String yaml = Fixtures.tinyRequest("").replace("epsilon: 1.0", "mechanism: discrete_gaussian\n  rho: 0.125");
    ReleaseRequest r = parse(yaml);
    assertEquals(new Guarantee.Zcdp(Rational.of(1, 8), Rational.parse("0.000001")), r.privacy().guarantee());
    String both = Fixtures.tinyRequest("").replace("epsilon: 1.0", "mechanism: discrete_gaussian\n  rho: 0.1\n  epsilon: 1");
    assertTrue(problems(both).contains("privacy.epsilon: the discrete_gaussian mechanism takes rho"));
    String unknown = Fixtures.tinyRequest("").replace("epsilon: 1.0", "mechanism: gaussian\n  epsilon: 1");
    assertTrue(problems(unknown).contains("privacy.mechanism: 'gaussian' is not"));
  }

  @Test
  void aMetricIsRequired() {
    String yaml = Fixtures.tinyRequest("").replace("  od:\n    max_transitions_per_device: 3\n", "  {}\n");
    assertTrue(problems(yaml).contains("metrics"), problems(yaml));
  }

  @Test
  void retentionUntilIsRequiredAndAnIsoDate() {
    assertTrue(problems(Fixtures.tinyRequest("").replace("retention_until: 2099-12-31\n", ""))
        .contains("retention_until: required"));
    assertTrue(problems(Fixtures.tinyRequest("").replace("retention_until: 2099-12-31", "retention_until: soon"))
        .contains("retention_until: 'soon' is not an ISO date"));
  }

  @Test
  void regionSetDefaultsToTheFileName() throws Exception {
    assertEquals("regions.geojson", parse(Fixtures.tinyRequest("")).regions().set());
    assertEquals("municipalities", parse(Fixtures.tinyRequest("").replace("regions:\n", "regions:\n  set: municipalities\n"))
        .regions().set());
    assertEquals(java.time.LocalDate.parse("2099-12-31"), parse(Fixtures.tinyRequest("")).requester().retentionUntil());
  }
}
