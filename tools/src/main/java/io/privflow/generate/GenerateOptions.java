package io.privflow.generate;

import java.time.LocalDate;
import java.util.Locale;

/**
 * What to generate. {@code commandLine} is only echoed into the output README, so a reader can
 * regenerate the exact same files.
 *
 * @param gpsShare fraction of devices that also report GPS fixes
 */
public record GenerateOptions(int devices, int days, long seed, LocalDate start, double gpsShare) {

  public GenerateOptions {
    if (devices < 1) {
      throw new IllegalArgumentException("--devices must be at least 1");
    }
    if (days < 1 || days > 3660) {
      throw new IllegalArgumentException("--days must be between 1 and 3660");
    }
    if (!(gpsShare >= 0 && gpsShare <= 1)) {
      throw new IllegalArgumentException("--gps-share must be between 0 and 1");
    }
  }

  public LocalDate end() {
    return start.plusDays(days);
  }

  /** The command that reproduces these files, with {@code out} as the output directory. */
  public String commandLine(String out) {
    return String.format(Locale.ROOT,
        "privflow-tools generate --devices %d --days %d --seed %d --start %s --gps-share %s --out %s",
        devices, days, seed, start, Double.toString(gpsShare), out);
  }
}
