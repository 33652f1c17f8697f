package io.privflow.locate;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;

/**
 * The nights of a release's time range, for home detection: night d runs from {@code start} local
 * time on day d to {@code end} local time on day d + 1 when the window crosses midnight (22:00 to
 * 06:00), or from {@code start} to {@code end} on day d otherwise, in {@code zone}. Local clock
 * times, so a night over a daylight-saving change lasts an hour more or less, like the clocks; a
 * start inside a spring-forward gap moves to the first instant after it. Every night that touches
 * the range is kept, clipped to it (the first morning of the range is its own night). Computed once
 * on the driver: placing an instant in a night is then a binary search, no zone arithmetic per event.
 */
public final class NightScheme implements Serializable {
  /** Bounds of the nights as offsets from the range start: night i is [from[i], to[i]), ascending. */
  private final long[] from;
  private final long[] to;
  private final int minNights;
  private final ZoneId zone;

  private NightScheme(long[] from, long[] to, int minNights, ZoneId zone) {
    this.from = from;
    this.to = to;
    this.minNights = minNights;
    this.zone = zone;
  }

  /**
   * @param rangeStartMillis the instant offsets are measured from (the first window's start)
   * @param rangeEndMillis the end of the time range (exclusive)
   */
  public static NightScheme of(ZoneId zone, LocalTime start, LocalTime end, int minNights, long rangeStartMillis,
      long rangeEndMillis) {
    if (start.equals(end)) {
      throw new IllegalArgumentException("the night window has zero length");
    }
    if (minNights < 1) {
      throw new IllegalArgumentException("min_nights must be at least 1");
    }
    boolean crossesMidnight = end.isBefore(start);
    LocalDate first = java.time.Instant.ofEpochMilli(rangeStartMillis).atZone(zone).toLocalDate().minusDays(1);
    LocalDate last = java.time.Instant.ofEpochMilli(rangeEndMillis).atZone(zone).toLocalDate();
    long[] f = new long[(int) (last.toEpochDay() - first.toEpochDay() + 1)];
    long[] t = new long[f.length];
    int n = 0;
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      long a = ZonedDateTime.of(d, start, zone).toInstant().toEpochMilli();
      long b = ZonedDateTime.of(crossesMidnight ? d.plusDays(1) : d, end, zone).toInstant().toEpochMilli();
      a = Math.max(a, rangeStartMillis);
      b = Math.min(b, rangeEndMillis);
      if (a < b) {
        f[n] = a - rangeStartMillis;
        t[n] = b - rangeStartMillis;
        n++;
      }
    }
    return new NightScheme(Arrays.copyOf(f, n), Arrays.copyOf(t, n), minNights, zone);
  }

  /** The nights that touch the range. */
  public int count() {
    return from.length;
  }

  /** The zone of the nights' local times (the dataset's). */
  public ZoneId zone() {
    return zone;
  }

  public int minNights() {
    return minNights;
  }

  /** The night an instant (an offset from the range start) falls in, or -1 outside every night. */
  public int nightOf(long offsetMillis) {
    int i = Arrays.binarySearch(from, offsetMillis);
    int k = i >= 0 ? i : -i - 2;
    return k >= 0 && offsetMillis < to[k] ? k : -1;
  }

  /** A detector for one device's home over these nights. */
  public HomeDetector detector() {
    return new HomeDetector(this);
  }
}
