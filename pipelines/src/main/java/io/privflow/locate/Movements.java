package io.privflow.locate;

import io.privflow.model.DeviceTrajectory;
import java.util.Arrays;

/**
 * A device's transitions: one per pair of adjacent windows (w, w+1) in both of which it was
 * located, staying put included. A gap (a window without events) breaks the chain: nothing is
 * inferred about where the device was in between.
 *
 * <p>Transition {@code i} goes from {@code origins[i]} in window {@code windows[i]} to
 * {@code destinations[i]} in window {@code windows[i] + 1}.
 */
public record Movements(int[] windows, int[] origins, int[] destinations) {

  public int size() {
    return windows.length;
  }

  public static Movements of(DeviceTrajectory t) {
    int n = t.length();
    int[] w = new int[Math.max(0, n - 1)];
    int[] o = new int[w.length];
    int[] d = new int[w.length];
    int k = 0;
    for (int i = 0; i + 1 < n; i++) {
      if (t.windows()[i + 1] == t.windows()[i] + 1) {
        w[k] = t.windows()[i];
        o[k] = t.regions()[i];
        d[k] = t.regions()[i + 1];
        k++;
      }
    }
    return new Movements(Arrays.copyOf(w, k), Arrays.copyOf(o, k), Arrays.copyOf(d, k));
  }
}
