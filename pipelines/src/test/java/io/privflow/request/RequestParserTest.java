package io.privflow.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.privacy.Rational;
import io.privflow.testing.Fixtures;
import java.nio.file.Files;
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
    assertEquals(Rational.of(1, 1), r.privacy().epsilon());
    assertEquals(Period.ofDays(1), r.time().window());
    assertEquals(3, r.privacy().maxTransitionsPerDevice());
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
    String p = problems(Fixtures.tinyRequest("  epsilom: 2\n"));
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
        .contains("privacy.max_transitions_per_device: must be between 1 and"));
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
  void existingOutputDirectoryIsNeverOverwritten() throws Exception {
    Files.createDirectories(dir.resolve("release"));
    assertTrue(problems(Fixtures.tinyRequest("")).contains("exists already; a release is never overwritten"));
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
}
