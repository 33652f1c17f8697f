package io.privflow.plan;

import io.privflow.privacy.Decimals;
import io.privflow.privacy.NoiseFigures;
import io.privflow.request.ReleaseRequest;
import java.io.Serializable;

/**
 * The threshold a metric's noisy counts must reach to be published, and where it comes from: the
 * request's k, a k derived from the request's target for empty cells (from public figures only: the
 * domain and the noise), or a partition selection's threshold (with the request's k as a floor).
 *
 * @param value the threshold the release applies to noisy counts
 * @param origin how it was chosen, in words, for the plan and the report
 */
public record Threshold(long value, String origin) implements Serializable {

  /** The largest k ever derived: far beyond any sensible target, and it keeps sums inside a long. */
  static final long MAX_DERIVED_K = 1_000_000_000L;

  /** A full-domain metric's threshold: the request's k, or the smallest k that meets its empty-cell target. */
  static Threshold fullDomain(ReleaseRequest.Privacy p, long cellsPerSlot, NoiseFigures noise) {
    if (p.minCount() != null) {
      return new Threshold(p.minCount(), "min_count " + p.minCount() + " (the request's k)");
    }
    ReleaseRequest.EmptyCells e = p.emptyCells();
    if (e.maxExpectedPerWindow() != null) {
      double max = e.maxExpectedPerWindow().toDouble();
      long k = smallest(noise, k1 -> cellsPerSlot * noise.probabilityAtLeast(k1) <= max);
      return new Threshold(k, "k = " + k + ", the smallest for which at most " + e.maxExpectedPerWindow()
          + " empty cell(s) per window are expected to be published (" + cellsPerSlot + " cells per window)");
    }
    long nonEmpty = Math.min(e.expectedNonEmptyPerWindow(), cellsPerSlot);
    long empty = cellsPerSlot - nonEmpty;
    double share = e.maxShare().toDouble();
    // With N published cells that hold devices (the requester's estimate: the plan cannot know how
    // many real cells pass k without looking at the data), F published empty cells make up at most
    // the share s exactly when F <= s / (1 - s) N: a cap on the expected empty cells per window.
    double cap = share / (1 - share) * nonEmpty;
    long k = smallest(noise, k1 -> empty * noise.probabilityAtLeast(k1) <= cap);
    return new Threshold(k, "k = " + k + ", the smallest for which at most " + Decimals.plain(e.maxShare())
        + " of published cells are expected to be empty if " + nonEmpty + " cells per window that hold devices are"
        + " published (at most " + String.format(java.util.Locale.ROOT, "%.3g", cap) + " empty cells per window, of "
        + cellsPerSlot + " cells)");
  }

  /**
   * No threshold: every window's total is published, negative noisy values included, so the
   * totals are unbiased. (The value is never compared: the releaser publishes every value.)
   */
  static Threshold none() {
    return new Threshold(0, "none: every window's total is published, negative values included, so that the"
        + " noise averages out");
  }

  /** A partition selection's threshold tau, raised to the request's k if that is higher. */
  static Threshold selection(long tau, long floor, long l0, String delta) {
    long value = Math.max(tau, floor);
    return new Threshold(value, "selection threshold " + tau + " (a cell only one device fills is published with"
        + " probability at most " + delta + " / " + l0 + ")" + (floor > tau ? ", raised to min_count " + floor : ""));
  }

  private interface Meets {
    boolean test(long k);
  }

  private static long smallest(NoiseFigures noise, Meets meets) {
    long lo = 0;
    if (meets.test(lo)) {
      return lo;
    }
    long hi = 1;
    while (!meets.test(hi)) {
      hi *= 2;
      if (hi > MAX_DERIVED_K) {
        throw new PlanException("privacy.empty_cells: no k up to " + MAX_DERIVED_K + " meets the target with this"
            + " noise; ask for a looser target or a larger budget");
      }
    }
    while (hi - lo > 1) { // meets(k) is monotone in k: more k, fewer empty cells published
      long mid = (lo + hi) >>> 1;
      if (meets.test(mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }
}
