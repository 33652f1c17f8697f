package io.privflow.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.beam.sdk.coders.Coder;

/**
 * One device's located windows in time order: {@code windows[i]} ascending, {@code regions[i]} its
 * modal region there; and its home region ({@code locate.HomeDetector}), or {@link #UNKNOWN_HOME}
 * (also when the release asks for no home metric, which skips home detection). Per-device data:
 * never a sink.
 */
public record DeviceTrajectory(Pseudonym pseudonym, int[] windows, int[] regions, int home) {
  /** The home of a device without one (too few nights located, or home detection not asked for). */
  public static final int UNKNOWN_HOME = -1;

  public static final Coder<DeviceTrajectory> CODER = Coders.of(DeviceTrajectory.class,
      (t, out) -> {
        Pseudonym.write(t.pseudonym, out);
        // The window count's lowest bit says whether a home follows: no byte for an unknown home
        // (every trajectory of a release without home metrics), while a device has under 64 windows.
        boolean known = t.home != UNKNOWN_HOME;
        Coders.writeVarLong(out, ((long) t.windows.length << 1) | (known ? 1 : 0));
        writePairs(out, t.windows, t.regions);
        if (known) {
          Coders.writeVarLong(out, t.home);
        }
      },
      in -> {
        Pseudonym p = Pseudonym.read(in);
        long head = Coders.readVarLong(in);
        int[][] wr = readPairs(in, (int) (head >>> 1));
        int home = (head & 1) == 0 ? UNKNOWN_HOME : (int) Coders.readVarLong(in);
        return new DeviceTrajectory(p, wr[0], wr[1], home);
      });

  /** A trajectory without a home. */
  public DeviceTrajectory(Pseudonym pseudonym, int[] windows, int[] regions) {
    this(pseudonym, windows, regions, UNKNOWN_HOME);
  }

  /** This trajectory with home {@code home}. */
  public DeviceTrajectory withHome(int home) {
    return new DeviceTrajectory(pseudonym, windows, regions, home);
  }

  /** Ascending window indexes delta-coded and region indexes, as varints: a located window in two bytes. */
  public static void writeWindows(DataOutput out, int[] windows, int[] regions) throws IOException {
    Coders.writeVarLong(out, windows.length);
    writePairs(out, windows, regions);
  }

  /** The (window, region) pairs of {@link #writeWindows}, without their count. */
  private static void writePairs(DataOutput out, int[] windows, int[] regions) throws IOException {
    int previous = 0;
    for (int i = 0; i < windows.length; i++) {
      Coders.writeZigZag(out, windows[i] - previous);
      Coders.writeVarLong(out, regions[i]);
      previous = windows[i];
    }
  }

  /** The windows and regions {@link #writeWindows} wrote. */
  public static int[][] readWindows(DataInput in) throws IOException {
    return readPairs(in, (int) Coders.readVarLong(in));
  }

  private static int[][] readPairs(DataInput in, int n) throws IOException {
    int[] w = new int[n];
    int[] r = new int[n];
    int previous = 0;
    for (int i = 0; i < n; i++) {
      w[i] = previous + (int) Coders.readZigZag(in);
      r[i] = (int) Coders.readVarLong(in);
      previous = w[i];
    }
    return new int[][] {w, r};
  }

  public DeviceTrajectory {
    if (windows.length != regions.length) {
      throw new IllegalArgumentException("one region per window");
    }
    if (home < UNKNOWN_HOME) {
      throw new IllegalArgumentException("a home is a region index or UNKNOWN_HOME");
    }
  }

  public int length() {
    return windows.length;
  }

  /** By content: arrays compare by identity in a record's default equals. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceTrajectory t && pseudonym.equals(t.pseudonym) && Arrays.equals(windows, t.windows)
        && Arrays.equals(regions, t.regions) && home == t.home;
  }

  @Override
  public int hashCode() {
    return pseudonym.hashCode() * 31 + Arrays.hashCode(windows) * 17 + Arrays.hashCode(regions) + home;
  }

  @Override
  public String toString() {
    return "DeviceTrajectory[" + pseudonym + ", windows=" + Arrays.toString(windows) + ", regions="
        + Arrays.toString(regions) + (home == UNKNOWN_HOME ? "" : ", home=" + home) + "]";
  }
}
