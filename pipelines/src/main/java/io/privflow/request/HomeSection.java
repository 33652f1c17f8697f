package io.privflow.request;

import io.privflow.config.Check;
import io.privflow.config.Sections;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The {@code home} section of a release request: the night rule of the home metrics, checked before
 * any data is read. Required with {@code home_presence} or {@code home_od}, refused without them.
 */
final class HomeSection {
  static final LocalTime DEFAULT_NIGHT_START = LocalTime.of(22, 0);
  static final LocalTime DEFAULT_NIGHT_END = LocalTime.of(6, 0);
  static final int DEFAULT_MIN_NIGHTS = 3;

  private HomeSection() {}

  /** The metrics with their home rule, or problems recorded in {@code c}. */
  static ReleaseRequest.Metrics check(Check c, Sections.Home h, ReleaseRequest.Metrics m, Sections.Time time,
      boolean hierarchy) {
    if (!m.needHome()) {
      if (h != null) {
        c.problem("home", "only with a home metric (metrics.home_presence or metrics.home_od)");
      }
      return m;
    }
    if (hierarchy) {
      c.problem("metrics", "home_presence and home_od are released at one level of regions: not with a region"
          + " hierarchy (regions.parent_property or regions.parents)");
    }
    if (h == null) {
      c.missing("home", "required with home_presence or home_od: night_start, night_end (local times HH:MM in the"
          + " dataset's zone) and min_nights");
      return m;
    }
    LocalTime start = time(c, "home.night_start", h.nightStart(), DEFAULT_NIGHT_START);
    LocalTime end = time(c, "home.night_end", h.nightEnd(), DEFAULT_NIGHT_END);
    if (start != null && start.equals(end)) {
      c.problem("home.night_end", "equals home.night_start: the night window has zero length");
    }
    long nights = Long.MAX_VALUE;
    if (time != null && time.start() != null && time.end() != null && time.end().isAfter(time.start())) {
      nights = ChronoUnit.DAYS.between(time.start(), time.end());
    }
    long minNights = c.integer("home.min_nights", h.minNights(), 1, RequestParser.MAX_BOUND, false,
        DEFAULT_MIN_NIGHTS);
    if (minNights > nights) {
      c.problem("home.min_nights", "more than the " + nights + " nights of the time range (one starts on each of"
          + " its days): no device could have a home");
    }
    ReleaseRequest.Home home = start == null || end == null ? null
        : new ReleaseRequest.Home(start, end, (int) minNights);
    return new ReleaseRequest.Metrics(m.od(), m.presence(), m.total(), m.homePresence(), m.homeOd(), home);
  }

  private static LocalTime time(Check c, String at, String value, LocalTime fallback) {
    String text = Check.text(value, null);
    if (text == null) {
      return fallback;
    }
    if (!text.matches("\\d\\d:\\d\\d")) {
      c.problem(at, "must be a local time HH:MM (such as 22:00)");
      return null;
    }
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      c.problem(at, "must be a local time HH:MM (such as 22:00)");
      return null;
    }
  }
}
