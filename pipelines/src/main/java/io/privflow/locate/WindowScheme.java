package io.privflow.locate;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The release's time windows: consecutive intervals from local midnight of the first day of the
 * time range, in the configured zone, each one window length long, the last one ending at the end
 * of the range (it is shorter when the length does not divide the range).
 *
 * <p>A {@link Period} such as {@code P1D} steps in local dates, so days around a daylight-saving
 * change last 23 or 25 hours; a {@link Duration} such as {@code PT1H} steps in absolute time.
 */
public final class WindowScheme implements Serializable {
  /** Upper bound on windows per release: keeps the public domain (and its noise) tractable. */
  public static final int MAX_WINDOWS = 100_000;

  private final long[] bounds; // bounds[i] = start of window i, bounds[n] = end of the range

  private WindowScheme(long[] bounds) {
    this.bounds = bounds;
  }

  /** Windows over [start, end) local dates in {@code zone}; {@code end} is exclusive. */
  public static WindowScheme of(LocalDate start, LocalDate end, ZoneId zone, TemporalAmount length) {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("the time range is empty");
    }
    ZonedDateTime t = start.atStartOfDay(zone);
    Instant stop = end.atStartOfDay(zone).toInstant();
    List<Long> b = new ArrayList<>();
    while (t.toInstant().isBefore(stop)) {
      b.add(t.toInstant().toEpochMilli());
      if (b.size() > MAX_WINDOWS) {
        throw new IllegalArgumentException("more than " + MAX_WINDOWS + " windows in the time range");
      }
      ZonedDateTime next = t.plus(length);
      if (!next.isAfter(t)) {
        throw new IllegalArgumentException("the window length must be positive");
      }
      t = next;
    }
    b.add(stop.toEpochMilli());
    return new WindowScheme(b.stream().mapToLong(Long::longValue).toArray());
  }

  public int count() {
    return bounds.length - 1;
  }

  public long startMillis() {
    return bounds[0];
  }

  public long endMillis() {
    return bounds[bounds.length - 1];
  }

  public long windowStart(int w) {
    return bounds[w];
  }

  public long windowEnd(int w) {
    return bounds[w + 1];
  }

  /** Window index of an instant, or -1 outside the range. */
  public int windowOf(long millis) {
    if (millis < bounds[0] || millis >= bounds[bounds.length - 1]) {
      return -1;
    }
    int i = Arrays.binarySearch(bounds, millis);
    return i >= 0 ? i : -i - 2;
  }
}
