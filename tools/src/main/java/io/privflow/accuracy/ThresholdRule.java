package io.privflow.accuracy;

import io.privflow.privacy.Decimals;
import io.privflow.privacy.Rational;
import io.privflow.request.ReleaseRequest;

/**
 * How a full-domain setting chooses its threshold, in the request's own terms: a k
 * ({@code min_count:10}), or an empty-cell target from which the plan derives k
 * ({@code max_expected_per_window:1}, or {@code max_share:0.05/200}: at most 5% of published cells
 * empty if about 200 cells per window hold devices). The plan, not this class, turns a target into
 * k, so the k measured is the k a release would use.
 *
 * @param text the rule as given, for the table
 */
record ThresholdRule(String text, Long minCount, ReleaseRequest.EmptyCells emptyCells) {
  private static final Rational MAX_EXPECTED = Rational.of(1_000_000, 1);
  private static final Rational MAX_SHARE = Rational.of(1, 2);

  /** The rule of a full-domain request as it stands. */
  static ThresholdRule of(ReleaseRequest.Privacy p) {
    ReleaseRequest.EmptyCells e = p.emptyCells();
    if (e == null) {
      return new ThresholdRule("min_count:" + p.minCount(), p.minCount(), null);
    }
    if (e.maxExpectedPerWindow() != null) {
      return new ThresholdRule("max_expected_per_window:" + Decimals.plain(e.maxExpectedPerWindow()), null, e);
    }
    String share = Decimals.plain(e.maxShare());
    return new ThresholdRule("max_share:" + share + "/" + e.expectedNonEmptyPerWindow(), null, e);
  }

  /** Parses one {@code --threshold} value; the same ranges as the request parser's. */
  static ThresholdRule parse(String text) {
    String t = text.strip();
    int colon = t.indexOf(':');
    if (colon < 0) {
      throw bad(t);
    }
    String name = t.substring(0, colon);
    String value = t.substring(colon + 1);
    try {
      switch (name) {
        case "min_count" -> {
          long k = Long.parseLong(value);
          if (k < 0) {
            throw bad(t);
          }
          return new ThresholdRule(t, k, null);
        }
        case "max_expected_per_window" -> {
          Rational max = positive(value, MAX_EXPECTED, t);
          return new ThresholdRule(t, null, new ReleaseRequest.EmptyCells(max, null, null));
        }
        case "max_share" -> {
          int slash = value.indexOf('/');
          if (slash < 0) {
            throw bad(t);
          }
          Rational share = positive(value.substring(0, slash), MAX_SHARE, t);
          long nonEmpty = Long.parseLong(value.substring(slash + 1));
          if (nonEmpty < 1) {
            throw bad(t);
          }
          return new ThresholdRule(t, null, new ReleaseRequest.EmptyCells(null, share, nonEmpty));
        }
        default -> throw bad(t);
      }
    } catch (NumberFormatException e) {
      throw bad(t);
    }
  }

  private static Rational positive(String value, Rational max, String rule) {
    Rational r;
    try {
      r = Rational.parse(value);
    } catch (IllegalArgumentException e) { // NumberFormatException included
      throw bad(rule);
    }
    if (r.isZero() || r.compareTo(max) > 0) {
      throw bad(rule);
    }
    return r;
  }

  private static IllegalArgumentException bad(String rule) {
    return new IllegalArgumentException("--threshold " + rule + ": expected min_count:K (K >= 0),"
        + " max_expected_per_window:X (0 < X <= 1000000) or max_share:S/N (0 < S <= 0.5, N >= 1 cells per window"
        + " expected to hold devices)");
  }
}
