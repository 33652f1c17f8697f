package io.privflow.request;

import io.privflow.privacy.Guarantee;
import io.privflow.privacy.Rational;
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
