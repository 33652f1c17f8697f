package io.privflow.model;

import java.util.Arrays;
import org.apache.beam.sdk.coders.Coder;

/**
 * One device's located windows in time order: {@code windows[i]} ascending, {@code regions[i]} its
 * modal region there. Per-device data: never a sink.
 */
public record DeviceTrajectory(Pseudonym pseudonym, int[] windows, int[] regions) {
  public static final Coder<DeviceTrajectory> CODER = Coders.of(DeviceTrajectory.class,
      (t, out) -> {
        Pseudonym.write(t.pseudonym, out);
        out.writeInt(t.windows.length);
        for (int i = 0; i < t.windows.length; i++) {
          out.writeInt(t.windows[i]);
          out.writeInt(t.regions[i]);
        }
      },
      in -> {
        Pseudonym p = Pseudonym.read(in);
        int n = in.readInt();
        int[] w = new int[n];
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
          w[i] = in.readInt();
          r[i] = in.readInt();
        }
        return new DeviceTrajectory(p, w, r);
      });

  public DeviceTrajectory {
    if (windows.length != regions.length) {
      throw new IllegalArgumentException("one region per window");
    }
  }

  public int length() {
    return windows.length;
  }

  /** By content: arrays compare by identity in a record's default equals. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceTrajectory t && pseudonym.equals(t.pseudonym) && Arrays.equals(windows, t.windows)
        && Arrays.equals(regions, t.regions);
  }

  @Override
  public int hashCode() {
    return pseudonym.hashCode() * 31 + Arrays.hashCode(windows) * 17 + Arrays.hashCode(regions);
  }

  @Override
  public String toString() {
    return "DeviceTrajectory[" + pseudonym + ", windows=" + Arrays.toString(windows) + ", regions="
        + Arrays.toString(regions) + "]";
  }
}
