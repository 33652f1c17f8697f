package io.privflow.request;

import io.privflow.privacy.Guarantee;
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
    Requester requester,
    Inputs inputs,
    Regions regions,
    Time time,
    Privacy privacy,
    Metrics metrics,
    Path keyFile,
    Path outputDirectory,
    Path custodianDirectory,
    Path requestFile) {

  /**
   * Who asked and why, recorded in the ledger and the release (empty strings when not given), and
   * the date after which the recipient must delete the data (required: a release without a
   * deletion date would be kept for ever).
   */
  public record Requester(
      String organisation, String contact, String purpose, String legalBasis, LocalDate retentionUntil) {}

  /** Input file patterns (absolute; globs allowed). At least one event source is present. */
  public record Inputs(List<String> networkEvents, List<String> gpsEvents, List<String> cells) {
    public Inputs {
      networkEvents = List.copyOf(networkEvents);
      gpsEvents = List.copyOf(gpsEvents);
      cells = List.copyOf(cells);
    }
  }

  /**
   * The region file and the name of its region set ({@code regions.set}; by default the file
   * name), which the custodian's policy may restrict to approved sets.
   */
  public record Regions(Path file, String idProperty, String nameProperty, String set) {}

  /** {@code [start, end)} in local dates of {@code zone}; {@code window} is a Period or Duration. */
  public record Time(LocalDate start, LocalDate end, ZoneId zone, TemporalAmount window, String windowText) {}

  /**
   * The release's guarantee (epsilon-DP from {@code discrete_laplace}, or rho-zCDP from
   * {@code discrete_gaussian}, reported at {@code delta}) and its threshold k.
   */
  public record Privacy(Guarantee guarantee, long minCount) {}

  /** The metrics of the release; at least one is present, and their shares add up to 1. */
  public record Metrics(Od od, Presence presence) {}

  /** Origin-destination counts with at most {@code maxTransitionsPerDevice} per device. */
  public record Od(Rational share, int maxTransitionsPerDevice) {}

  /** Presence counts with at most {@code maxWindowsPerDevice} per device. */
  public record Presence(Rational share, int maxWindowsPerDevice) {}
}
