package io.privflow.generate;

/**
 * When phones are used over a local day: quiet at night, rising in the morning, a plateau through
 * the day and a peak in the early evening. Relative weights per hour, 00-23.
 */
final class Rhythm {
  private Rhythm() {}

  private static final double[] HOURLY = {
    0.25, 0.12, 0.08, 0.06, 0.08, 0.25, 0.9, 2.2, 3.2, 3.6, 3.8, 3.9,
    4.3, 4.0, 3.8, 3.9, 4.3, 4.8, 5.0, 5.0, 4.9, 4.3, 3.2, 1.4
  };

  /** A second of the local day, drawn by the hourly weights, uniform within the hour. */
  static int secondOfDay(Draw d) {
    return d.weighted(HOURLY) * 3600 + d.index(3600);
  }
}
