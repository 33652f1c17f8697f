package io.privflow.locate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.privflow.model.DeviceTrajectory;
import io.privflow.model.Pseudonym;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * Home detection on hand-built devices (pure Java, well under a second): regions 0 = A, 1 = B,
 * 2 = C; nights 22:00-06:00 local unless a test says otherwise.
 */
class HomeDetectorTest {
  private static final int A = 0;
  private static final int B = 1;
  private static final int C = 2;
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final ZoneId CPH = ZoneId.of("Europe/Copenhagen");
  private static final LocalTime TEN_PM = LocalTime.of(22, 0);
  private static final LocalTime SIX_AM = LocalTime.of(6, 0);

  /** A week from 2020-03-01 in {@code zone}. */
  private static final class Week {
    final ZoneId zone;
    final long start;
    final HomeDetector d;

    Week(ZoneId zone, LocalDate first, int days, int minNights) {
      this.zone = zone;
      this.start = first.atStartOfDay(zone).toInstant().toEpochMilli();
      long end = first.plusDays(days).atStartOfDay(zone).toInstant().toEpochMilli();
      this.d = HomeDetector.of(zone, TEN_PM, SIX_AM, minNights, start, end);
    }

    Week(int minNights) {
      this(UTC, LocalDate.of(2020, 3, 1), 7, minNights);
    }

    /** An event on {@code day} (0 = the first day) at local {@code hh:mm} in {@code region}. */
    Week at(int day, String hhmm, int region) {
      return at(day, hhmm, region, 1);
    }

    Week at(int day, String hhmm, int region, long weight) {
      LocalDate date = Instant.ofEpochMilli(start).atZone(zone).toLocalDate().plusDays(day);
      long t = ZonedDateTime.of(date, LocalTime.parse(hhmm), zone).toInstant().toEpochMilli();
      d.add(t - start, region, weight);
      return this;
    }

    int home() {
      return d.home();
    }
  }

  @Test
  void aResidentIsHomeWhereItSleeps() {
    Week w = new Week(3);
    for (int day = 0; day < 5; day++) {
      w.at(day, "23:00", A).at(day + 1, "05:00", A).at(day + 1, "12:00", B).at(day + 1, "13:00", B)
          .at(day + 1, "14:00", B);
    }
    // More events by day in B than at night in A: only night events count.
    assertEquals(A, w.home());
  }

  @Test
  void aNightWorkerIsHomeAtWork() {
    // At work in B every night, at home in A every day: the rule says B (the README states this limitation).
    Week w = new Week(3);
    for (int day = 0; day < 6; day++) {
      w.at(day, "23:30", B).at(day + 1, "02:00", B).at(day + 1, "10:00", A).at(day + 1, "15:00", A);
    }
    assertEquals(B, w.home());
  }

  @Test
  void aTravellerGetsTheLowestOfItsOneNightRegions() {
    // A different night region every night: no region has more nights than another, so the tie goes to
    // the lower index (A), not to unknown, once the device has min_nights nights.
    Week w = new Week(3);
    w.at(0, "23:00", C).at(1, "23:00", B).at(2, "23:00", A);
    assertEquals(A, w.home());
    Week fewer = new Week(4);
    fewer.at(0, "23:00", C).at(1, "23:00", B).at(2, "23:00", A);
    assertEquals(HomeDetector.UNKNOWN, fewer.home());
  }

  @Test
  void tooFewNightsIsUnknown() {
    Week w = new Week(3);
    // Two nights in A (one of them with many events) and daytime everywhere else: two nights only.
    w.at(0, "23:00", A).at(0, "23:10", A).at(0, "23:20", A).at(3, "01:00", A);
    for (int day = 0; day < 7; day++) {
      w.at(day, "12:00", B);
    }
    assertEquals(HomeDetector.UNKNOWN, w.home());
    w.at(4, "22:00", A); // 22:00 is in the night: a third night
    assertEquals(A, w.home());
  }

  @Test
  void theNightEndIsExclusiveAndEveningAndMorningAreOneNight() {
    Week w = new Week(2);
    // 23:00 on day 0 and 05:00 on day 1 are the same night: one night, not two.
    w.at(0, "23:00", A).at(1, "05:00", A).at(1, "06:00", A).at(2, "06:00", A);
    assertEquals(HomeDetector.UNKNOWN, w.home());
  }

  @Test
  void theFirstMorningOfTheRangeIsANight() {
    // 00:00-06:00 of the first day belongs to the night that started the evening before the range.
    Week w = new Week(2);
    w.at(0, "03:00", C).at(0, "23:00", C);
    assertEquals(C, w.home());
  }

  @Test
  void nightsFollowLocalClocksAcrossDaylightSaving() {
    // Copenhagen springs forward at 02:00 on 2020-03-29: that night lasts 7 hours, and 05:30 local
    // (03:30 UTC) is still in it; the autumn change on 2020-10-25 gives a 9-hour night.
    Week spring = new Week(CPH, LocalDate.of(2020, 3, 27), 4, 3);
    spring.at(0, "23:00", B).at(2, "05:30", B).at(3, "05:30", B).at(2, "06:30", A).at(2, "07:00", A);
    assertEquals(B, spring.home());
    NightScheme s = NightScheme.of(CPH, TEN_PM, SIX_AM, 1,
        LocalDate.of(2020, 3, 27).atStartOfDay(CPH).toInstant().toEpochMilli(),
        LocalDate.of(2020, 3, 31).atStartOfDay(CPH).toInstant().toEpochMilli());
    long start = LocalDate.of(2020, 3, 27).atStartOfDay(CPH).toInstant().toEpochMilli();
    // 2020-03-28 22:00 CET = 21:00 UTC; 2020-03-29 06:00 CEST = 04:00 UTC: 7 hours.
    long from = Instant.parse("2020-03-28T21:00:00Z").toEpochMilli() - start;
    long to = Instant.parse("2020-03-29T04:00:00Z").toEpochMilli() - start;
    int night = s.nightOf(from);
    assertEquals(night, s.nightOf(to - 1));
    assertEquals(-1, s.nightOf(to));
    assertEquals(-1, s.nightOf(from - 1));
    long fallStart = LocalDate.of(2020, 10, 24).atStartOfDay(CPH).toInstant().toEpochMilli();
    NightScheme fall = NightScheme.of(CPH, TEN_PM, SIX_AM, 1, fallStart,
        LocalDate.of(2020, 10, 27).atStartOfDay(CPH).toInstant().toEpochMilli());
    // 2020-10-24 22:00 CEST = 20:00 UTC; 2020-10-25 06:00 CET = 05:00 UTC: 9 hours.
    long fallFrom = Instant.parse("2020-10-24T20:00:00Z").toEpochMilli() - fallStart;
    long fallTo = Instant.parse("2020-10-25T05:00:00Z").toEpochMilli() - fallStart;
    assertEquals(fall.nightOf(fallFrom), fall.nightOf(fallTo - 1));
    assertEquals(-1, fall.nightOf(fallTo));
  }

  @Test
  void aNightThatDoesNotCrossMidnight() {
    long start = Instant.parse("2020-03-01T00:00:00Z").toEpochMilli();
    NightScheme s = NightScheme.of(UTC, LocalTime.of(1, 0), LocalTime.of(5, 0), 1, start,
        Instant.parse("2020-03-03T00:00:00Z").toEpochMilli());
    assertEquals(2, s.count());
    assertEquals(0, s.nightOf(3_600_000L));
    assertEquals(-1, s.nightOf(5 * 3_600_000L));
    assertEquals(1, s.nightOf(25 * 3_600_000L));
    assertThrows(IllegalArgumentException.class, () -> NightScheme.of(UTC, TEN_PM, TEN_PM, 1, start, start + 1));
    assertThrows(IllegalArgumentException.class, () -> NightScheme.of(UTC, TEN_PM, SIX_AM, 0, start, start + 1));
  }

  @Test
  void tiesWithinANightGoToTheLatestEventThenTheLowerRegion() {
    Week latest = new Week(1);
    latest.at(0, "23:00", A).at(0, "23:30", B); // one event each: B is later
    assertEquals(B, latest.home());
    Week heavier = new Week(1);
    heavier.at(0, "23:00", A, 2).at(0, "23:30", B, 1); // weights count, not events
    assertEquals(A, heavier.home());
    Week sameInstant = new Week(1);
    sameInstant.at(0, "23:00", C).at(0, "23:00", B); // same count, same instant: the lower index
    assertEquals(B, sameInstant.home());
  }

  @Test
  void tiesBetweenNightsGoToTheLowerRegion() {
    Week w = new Week(4);
    w.at(0, "23:00", C).at(1, "23:00", C).at(2, "23:00", B).at(3, "23:00", B);
    assertEquals(B, w.home());
    w.at(4, "23:00", C);
    assertEquals(C, w.home());
  }

  @Test
  void theTrajectoryCoderKeepsTheHome() throws Exception {
    Pseudonym p = Pseudonym.fromBytes(new byte[32]);
    for (int home : new int[] {DeviceTrajectory.UNKNOWN_HOME, 0, 5, 70_000}) {
      DeviceTrajectory t = new DeviceTrajectory(p, new int[] {1, 2}, new int[] {3, 4}, home);
      assertEquals(t, CoderUtils.clone(DeviceTrajectory.CODER, t));
    }
    DeviceTrajectory none = new DeviceTrajectory(p, new int[] {1}, new int[] {3});
    // An unknown home costs nothing (the fields' length, 16 bytes of pseudonym, the count, one
    // window in two bytes); a home a varint.
    assertEquals(1 + 16 + 1 + 2, CoderUtils.encodeToByteArray(DeviceTrajectory.CODER, none).length);
    assertEquals(1 + 16 + 1 + 2 + 1, CoderUtils.encodeToByteArray(DeviceTrajectory.CODER, none.withHome(0)).length);
    int[] many = new int[100];
    for (int i = 0; i < many.length; i++) {
      many[i] = i;
    }
    DeviceTrajectory long100 = new DeviceTrajectory(p, many, many, 7);
    assertEquals(long100, CoderUtils.clone(DeviceTrajectory.CODER, long100));
  }

  @Test
  void aNightWhoseHeaviestShareIsOutsideHasNoRegion() {
    // Coverage mapping: each event is split over A and the outside share. On nights 0-2 the outside
    // share is heavier, so those nights have no region; with min_nights 3 the device has two
    // located nights (3 and 4) and no home.
    Week w = new Week(3);
    for (int day = 0; day < 3; day++) {
      w.at(day, "23:00", A, 20_000).at(day, "23:00", HomeDetector.OUTSIDE, 45_536);
    }
    for (int day = 3; day < 5; day++) {
      w.at(day, "23:00", A, 45_536).at(day, "23:00", HomeDetector.OUTSIDE, 20_000);
    }
    assertEquals(HomeDetector.UNKNOWN, w.home());
    // A third located night makes A the home.
    w.at(5, "23:00", A, 40_000).at(5, "23:00", HomeDetector.OUTSIDE, 25_536);
    assertEquals(A, w.home());
  }

  @Test
  void theOutsideShareLosesATie() {
    // Equal weights of B and outside on every night: B wins each tie, as in a window.
    Week w = new Week(3);
    for (int day = 0; day < 4; day++) {
      w.at(day, "23:00", B, 32_768).at(day, "23:00", HomeDetector.OUTSIDE, 32_768);
    }
    assertEquals(B, w.home());
  }
}
