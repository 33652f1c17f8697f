package io.privflow.consistency;

/**
 * Rounds non-negative values that add up to an integer total to non-negative integers with the
 * same total, each the floor or the ceiling of its value: every value is rounded down, and the
 * units still missing go to the largest fractional parts (the lower index first on a tie). A tree
 * is rounded parent first, so one such step per parent keeps every sum of the tree exact (the
 * controlled rounding of the 2020 US Census TopDown, which needs an integer program only because
 * its constraints cross; a tree's do not). Deterministic: no randomness, no data.
 */
public final class ControlledRounding {
  private ControlledRounding() {}

  /**
   * @param x values at least 0 adding up to {@code total} up to floating-point error (less than 1/2)
   * @return integers at least 0 adding up to exactly {@code total}
   */
  public static long[] round(double[] x, long total) {
    if (total < 0) {
      throw new IllegalArgumentException("a total must be at least 0");
    }
    int n = x.length;
    long[] out = new long[n];
    long sum = 0;
    for (int i = 0; i < n; i++) {
      if (!(x[i] >= 0) || Double.isInfinite(x[i])) {
        throw new IllegalArgumentException("values to round must be finite and at least 0");
      }
      out[i] = (long) Math.floor(x[i]);
      sum += out[i];
    }
    if (n == 0) {
      if (total != 0) {
        throw new IllegalArgumentException("nothing to round into a total of " + total);
      }
      return out;
    }
    long missing = total - sum;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    double[] frac = new double[n];
    for (int i = 0; i < n; i++) {
      frac[i] = x[i] - out[i];
    }
    if (missing < 0) {
      // Floating-point error can leave the floors above the total: take the excess back where the
      // fractional part was smallest, never below 0.
      java.util.Arrays.sort(order, java.util.Comparator.comparingDouble((Integer i) -> frac[i])
          .thenComparingInt(i -> i));
      for (int m = 0; missing < 0; m = (m + 1) % n) {
        if (out[order[m]] > 0) {
          out[order[m]]--;
          missing++;
        }
      }
      return out;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingDouble((Integer i) -> -frac[i])
        .thenComparingInt(i -> i));
    for (int m = 0; missing > 0; m = (m + 1) % n) {
      out[order[m]]++;
      missing--;
    }
    return out;
  }

}
