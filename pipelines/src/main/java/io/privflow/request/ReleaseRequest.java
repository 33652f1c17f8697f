package io.privflow.request;

import io.privflow.privacy.Rational;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAmount;
import java.util.List;

/**
 * A validated release request: parsed once at the entry point by {@link RequestParser}; every path
 * is absolute and every value checked. Immutable.
 */
public record ReleaseRequest(
    String requestId,
    String dataset,
    Inputs inputs,
    Regions regions,
    Time time,
    Privacy privacy,
    Path keyFile,
    Path outputDirectory,
    Path custodianDirectory,
    Path requestFile) {

  /** Input file patterns (absolute; globs allowed). At least one event source is present. */
  public record Inputs(List<String> networkEvents, List<String> gpsEvents, List<String> cells) {
    public Inputs {
      networkEvents = List.copyOf(networkEvents);
      gpsEvents = List.copyOf(gpsEvents);
      cells = List.copyOf(cells);
    }
  }

  public record Regions(Path file, String idProperty, String nameProperty) {}

  /** {@code [start, end)} in local dates of {@code zone}; {@code window} is a Period or Duration. */
  public record Time(LocalDate start, LocalDate end, ZoneId zone, TemporalAmount window, String windowText) {}

  /** epsilon as an exact rational; the text is kept for display. */
  public record Privacy(Rational epsilon, String epsilonText, long minCount, int maxTransitionsPerDevice) {}
}
