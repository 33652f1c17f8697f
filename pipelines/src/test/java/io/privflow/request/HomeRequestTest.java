package io.privflow.request;

import static io.privflow.testing.RequestYaml.tiny;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.privacy.Rational;
import io.privflow.testing.RequestYaml;
import java.nio.file.Path;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code home} section and the home metrics: one test per rule, each refused before any data is
 * read with the field named (a few milliseconds each). The tiny request spans four days.
 */
class HomeRequestTest {
  @TempDir Path dir;

  /** OD at half the budget, home presence and home OD at a quarter each, the default night. */
  private static RequestYaml homes() {
    return tiny().odShare("0.5").homePresence(7, "0.25").homeOd(3, "0.25").home("22:00", "06:00", 3);
  }

  private String problems(RequestYaml yaml) {
    RequestException e = assertThrows(RequestException.class, () -> RequestParser.parse(yaml.write(dir)));
    return String.join("\n", e.problems());
  }

  @Test
  void homeMetricsAreParsed() throws Exception {
    ReleaseRequest r = RequestParser.parse(homes().write(dir));
    assertEquals(new ReleaseRequest.HomePresence(Rational.of(1, 4), 7), r.metrics().homePresence());
    assertEquals(new ReleaseRequest.HomeOd(Rational.of(1, 4), 3), r.metrics().homeOd());
    assertEquals(new ReleaseRequest.Home(LocalTime.of(22, 0), LocalTime.of(6, 0), 3), r.metrics().home());
    assertTrue(r.metrics().needHome());
  }

  @Test
  void nightTimesDefaultTo22To06() throws Exception {
    ReleaseRequest r = RequestParser.parse(tiny().remove("metrics.od").homePresence(2, null)
        .home(null, null, 2).write(dir));
    assertEquals(new ReleaseRequest.Home(LocalTime.of(22, 0), LocalTime.of(6, 0), 2), r.metrics().home());
  }

  @Test
  void minNightsDefaultsTo3() throws Exception {
    ReleaseRequest r = RequestParser.parse(homes().remove("home.min_nights").write(dir));
    assertEquals(3, r.metrics().home().minNights());
  }

  @Test
  void unquotedTimesAreReadAsWritten() throws Exception {
    // YAML 1.1 reads an unquoted 22:00 as the sexagesimal 1320 in some parsers: check ours keeps the text.
    String yaml = homes().yaml().replace("\"22:00\"", "22:00").replace("\"06:00\"", "06:00");
    assertTrue(yaml.contains("night_start: 22:00"), yaml);
    ReleaseRequest r = RequestParser.parse(io.privflow.testing.Fixtures.request(dir, yaml));
    assertEquals(new ReleaseRequest.Home(LocalTime.of(22, 0), LocalTime.of(6, 0), 3), r.metrics().home());
  }

  @Test
  void withoutHomeMetricsNothingChanges() throws Exception {
    ReleaseRequest r = RequestParser.parse(tiny().write(dir));
    assertNull(r.metrics().home());
    assertFalse(r.metrics().needHome());
  }

  @Test
  void aNightWindowOfZeroLengthIsRefused() {
    assertTrue(problems(homes().home("23:00", "23:00", 3)).contains(
        "home.night_end: equals home.night_start: the night window has zero length"));
  }

  @Test
  void minNightsBelowOneIsRefused() {
    assertTrue(problems(homes().home("22:00", "06:00", 0)).contains("home.min_nights: must be between 1 and"));
  }

  @Test
  void minNightsBeyondTheNightsOfTheRangeIsRefused() {
    assertTrue(problems(homes().home("22:00", "06:00", 5)).contains(
        "home.min_nights: more than the 4 nights of the time range"));
  }

  @Test
  void aHomeMetricWithoutHomeIsRefused() {
    assertTrue(problems(homes().remove("home")).contains("home: required with home_presence or home_od"));
  }

  @Test
  void homeWithoutAHomeMetricIsRefused() {
    assertTrue(problems(tiny().home("22:00", "06:00", 3)).contains(
        "home: only with a home metric (metrics.home_presence or metrics.home_od)"));
  }

  @Test
  void aNightTimeMustBeHhMm() {
    String p = problems(homes().home("10pm", "25:00", 3));
    assertTrue(p.contains("home.night_start: must be a local time HH:MM"), p);
    assertTrue(p.contains("home.night_end: must be a local time HH:MM"), p);
  }

  @Test
  void homeMetricBoundsAreRequiredAndWhole() {
    assertTrue(problems(homes().remove("metrics.home_presence.max_windows_per_device")).contains(
        "metrics.home_presence.max_windows_per_device: required"));
    assertTrue(problems(homes().set("metrics.home_od.max_transitions_per_device", 0)).contains(
        "metrics.home_od.max_transitions_per_device: must be between 1 and"));
  }

  @Test
  void homeSharesCountInTheSum() {
    assertTrue(problems(homes().set("metrics.home_od.budget_share", new java.math.BigDecimal("0.5"))).contains(
        "metrics: the budget shares add up to 1.25, not 1"));
  }

  @Test
  void homeMetricsHaveNoTotals() {
    RequestYaml y = homes().set("metrics.od.budget_share", new java.math.BigDecimal("0.25")).total("0.25");
    y.set("metrics.total.of", "home_presence");
    assertTrue(problems(y).contains("metrics.total.of: home metrics have no window totals"));
    RequestYaml alone = tiny().remove("metrics.od").homePresence(2, "0.5").home(null, null, 2).total("0.5");
    assertTrue(problems(alone).contains("metrics.total.of: window totals are of od or presence"));
  }

  @Test
  void homeMetricsAreNotReleasedOverAHierarchy() {
    RequestYaml y = homes().hierarchy("parent", null, "fine", "0.5", "coarse", "0.5");
    assertTrue(problems(y).contains("metrics: home_presence and home_od are released at one level of regions"));
  }
}
