package io.privflow.request;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAmount;

/**
 * Local dates {@code [start, end)} in {@code zone}, cut into windows of {@code window} (a Period
 * steps in local dates, a Duration in absolute time); {@code windowText} is the window as written.
 * A consent export without windows ({@code raw_points}) has a null window.
 */
public record TimeRange(LocalDate start, LocalDate end, ZoneId zone, TemporalAmount window, String windowText) {

  public long startMillis() {
    return start.atStartOfDay(zone).toInstant().toEpochMilli();
  }

  public long endMillis() {
    return end.atStartOfDay(zone).toInstant().toEpochMilli();
  }
}
