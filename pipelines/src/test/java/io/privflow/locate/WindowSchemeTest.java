package io.privflow.locate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class WindowSchemeTest {
  private static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");

  @Test
  void dailyWindowsFollowLocalMidnightAcrossDaylightSaving() {
    // 2020-03-29 is 23 hours long in Copenhagen.
    WindowScheme w = WindowScheme.of(LocalDate.parse("2020-03-28"), LocalDate.parse("2020-03-31"), CPH, Period.ofDays(1));
    assertEquals(3, w.count());
    assertEquals(Instant.parse("2020-03-27T23:00:00Z").toEpochMilli(), w.windowStart(0));
    assertEquals(Instant.parse("2020-03-28T23:00:00Z").toEpochMilli(), w.windowStart(1));
    assertEquals(Instant.parse("2020-03-29T22:00:00Z").toEpochMilli(), w.windowStart(2));
    assertEquals(Duration.ofHours(23).toMillis(), w.windowEnd(1) - w.windowStart(1));
  }

  @Test
  void windowOfFindsTheIntervalAndRejectsOutsideTheRange() {
    WindowScheme w = WindowScheme.of(LocalDate.parse("2020-03-01"), LocalDate.parse("2020-03-02"), ZoneId.of("UTC"), Duration.ofHours(6));
    assertEquals(4, w.count());
    assertEquals(0, w.windowOf(Instant.parse("2020-03-01T00:00:00Z").toEpochMilli()));
    assertEquals(0, w.windowOf(Instant.parse("2020-03-01T05:59:59.999Z").toEpochMilli()));
    assertEquals(1, w.windowOf(Instant.parse("2020-03-01T06:00:00Z").toEpochMilli()));
    assertEquals(3, w.windowOf(Instant.parse("2020-03-01T23:59:59Z").toEpochMilli()));
    assertEquals(-1, w.windowOf(Instant.parse("2020-03-02T00:00:00Z").toEpochMilli()));
    assertEquals(-1, w.windowOf(Instant.parse("2020-02-29T23:59:59Z").toEpochMilli()));
  }

  @Test
  void lastWindowIsClippedToTheRange() {
    WindowScheme w = WindowScheme.of(LocalDate.parse("2020-03-01"), LocalDate.parse("2020-03-02"), ZoneId.of("UTC"), Duration.ofHours(7));
    assertEquals(4, w.count());
    assertEquals(Duration.ofHours(3).toMillis(), w.windowEnd(3) - w.windowStart(3));
  }

  @Test
  void emptyRangeIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> WindowScheme.of(LocalDate.parse("2020-03-02"), LocalDate.parse("2020-03-02"), CPH, Period.ofDays(1)));
  }
}
