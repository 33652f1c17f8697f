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

  /** The noise distribution of a release. */
  public enum Mechanism {
    /** Pure epsilon-DP; the release is charged its epsilon. */
    DISCRETE_LAPLACE("discrete_laplace"),
    /** rho-zCDP; the release is charged its rho. */
    DISCRETE_GAUSSIAN("discrete_gaussian");

    private final String label;

    Mechanism(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * The release's total budget: {@code epsilon} for the Laplace mechanism, {@code rho} for the
   * Gaussian one (the other is null). {@code delta} only converts rho to (epsilon, delta) for
   * reporting. All as exact rationals; the texts are kept for display.
   */
  public record Privacy(
      Mechanism mechanism, Rational epsilon, Rational rho, Rational delta, long minCount) {

    /** The budget of one metric: the release's budget times the metric's share. */
    public Rational budgetFor(Rational share) {
      return (mechanism == Mechanism.DISCRETE_LAPLACE ? epsilon : rho).times(share);
    }
  }

  /** The metrics of the release; at least one is present, and their shares add up to 1. */
  public record Metrics(Od od, Presence presence) {}

  /** Origin-destination counts with at most {@code maxTransitionsPerDevice} per device. */
  public record Od(Rational share, int maxTransitionsPerDevice) {}

  /** Presence counts with at most {@code maxWindowsPerDevice} per device. */
  public record Presence(Rational share, int maxWindowsPerDevice) {}
}
