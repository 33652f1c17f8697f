package io.privflow.request;

import io.privflow.privacy.Guarantee;
import io.privflow.privacy.Rational;
import io.privflow.privacy.ReleaseMode;
import java.nio.file.Path;

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
    TimeRange time,
    Privacy privacy,
    Metrics metrics,
    Path outputDirectory,
    Path requestFile) {

  /**
   * The release's guarantee (epsilon-DP from {@code discrete_laplace}, or rho-zCDP from
   * {@code discrete_gaussian}, reported at {@code delta}; with a partition selection, its delta),
   * its release mode, and its threshold: a k ({@code minCount}), or a target for the empty cells a
   * full-domain release may publish, from which the plan derives k. One of the two is set for a
   * full-domain release; a partition selection may set a k as a floor above its own threshold.
   */
  public record Privacy(Guarantee guarantee, ReleaseMode mode, Long minCount, EmptyCells emptyCells) {

    /** A full-domain release with threshold k. */
    public Privacy(Guarantee guarantee, long minCount) {
      this(guarantee, ReleaseMode.FULL_DOMAIN, minCount, null);
    }
  }

  /**
   * The empty cells a full-domain release may publish: at most {@code maxExpectedPerWindow} in
   * expectation per window, or, given that about {@code expectedNonEmptyPerWindow} cells per window
   * that hold devices are published, at most {@code maxShare} of the published cells.
   */
  public record EmptyCells(Rational maxExpectedPerWindow, Rational maxShare, Long expectedNonEmptyPerWindow) {}

  /**
   * The metrics of the release; at least one cell metric is present, and the shares of all of them
   * add up to 1. {@code home} is the night rule of the home metrics: set exactly when one is asked for.
   */
  public record Metrics(Od od, Presence presence, Total total, HomePresence homePresence, HomeOd homeOd,
      Home home) {
    /** Cell metrics without window totals. */
    public Metrics(Od od, Presence presence) {
      this(od, presence, null);
    }

    /** Without home metrics. */
    public Metrics(Od od, Presence presence, Total total) {
      this(od, presence, total, null, null, null);
    }

    /** Whether a metric needs each device's home. */
    public boolean needHome() {
      return homePresence != null || homeOd != null;
    }
  }

  /**
   * How a device's home is found: its night region (modal region between {@code nightStart} and
   * {@code nightEnd}, local time in the dataset's zone) on the most nights, if it has one on at
   * least {@code minNights} nights; otherwise unknown.
   */
  public record Home(java.time.LocalTime nightStart, java.time.LocalTime nightEnd, int minNights) {}

  /** Devices by (window, home region, region where present), at most {@code maxWindowsPerDevice} per device. */
  public record HomePresence(Rational share, int maxWindowsPerDevice) {}

  /** Devices by (slot, home region, origin, destination), at most {@code maxTransitionsPerDevice} per device. */
  public record HomeOd(Rational share, int maxTransitionsPerDevice) {}

  /** The cell metric a {@link Total} adds up per window. */
  public enum TotalOf {
    OD("od"),
    PRESENCE("presence");

    private final String label;

    TotalOf(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * Each window's total of the cell metric {@code of}, published as its own noisy count with its
   * own budget share: unbiased, whatever the threshold suppresses or lets through. A device counts
   * in at most {@code maxWindowsPerDevice} windows (null: the cell metric's bound).
   */
  public record Total(Rational share, TotalOf of, Integer maxWindowsPerDevice) {
    public Total(Rational share, TotalOf of) {
      this(share, of, null);
    }
  }

  /** Origin-destination counts with at most {@code maxTransitionsPerDevice} per device. */
  public record Od(Rational share, int maxTransitionsPerDevice) {}

  /** Presence counts with at most {@code maxWindowsPerDevice} per device. */
  public record Presence(Rational share, int maxWindowsPerDevice) {}
}
