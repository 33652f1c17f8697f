package io.privflow.locate;

import io.privflow.pseudonymize.Pseudonym;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Combines one device's events into its trajectory: per window, the modal region by event count,
 * ties broken by the latest event, then by the lower region index (so the answer never depends on
 * arrival order).
 *
 * <p>As a combiner it runs before the shuffle: an operator export sorted by subscriber collapses
 * to one small tally per device and bundle, so the shuffle carries tallies, not events. Input is an
 * observation packed by {@link #observation}: event offset from the range start (ms) and region.
 */
final class TrajectoryFn extends Combine.CombineFn<Long, TrajectoryFn.Tally, int[][]> {
  static final int REGION_BITS = 22;
  static final int MAX_REGIONS = 1 << REGION_BITS;
  private static final long REGION_MASK = MAX_REGIONS - 1;

  private final WindowScheme windows;

  TrajectoryFn(WindowScheme windows) {
    this.windows = windows;
  }

  /** Packs (event offset from the range start in ms, region); an offset below 2^41 ms (69 years). */
  static long observation(long offsetMillis, int region) {
    return (offsetMillis << REGION_BITS) | region;
  }

  /** Event counts and latest event per (window, region) of one device: a handful of entries. */
  static final class Tally {
    int size;
    int[] window = new int[4];
    int[] region = new int[4];
    long[] count = new long[4];
    long[] latest = new long[4];

    void add(int w, int r, long n, long last) {
      for (int i = 0; i < size; i++) {
        if (window[i] == w && region[i] == r) {
          count[i] += n;
          latest[i] = Math.max(latest[i], last);
          return;
        }
      }
      if (size == window.length) {
        window = Arrays.copyOf(window, size * 2);
        region = Arrays.copyOf(region, size * 2);
        count = Arrays.copyOf(count, size * 2);
        latest = Arrays.copyOf(latest, size * 2);
      }
      window[size] = w;
      region[size] = r;
      count[size] = n;
      latest[size] = last;
      size++;
    }

    /** {windows ascending, modal region of each}. */
    int[][] trajectory() {
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Integer.compare(window[a], window[b]));
      int[] ws = new int[size];
      int[] rs = new int[size];
      int n = 0;
      for (int k = 0; k < size; ) {
        int w = window[order[k]];
        int best = order[k];
        for (k++; k < size && window[order[k]] == w; k++) {
          int i = order[k];
          if (count[i] > count[best] || (count[i] == count[best]
              && (latest[i] > latest[best] || (latest[i] == latest[best] && region[i] < region[best])))) {
            best = i;
          }
        }
        ws[n] = w;
        rs[n] = region[best];
        n++;
      }
      return new int[][] {Arrays.copyOf(ws, n), Arrays.copyOf(rs, n)};
    }
  }

  @Override
  public Tally createAccumulator() {
    return new Tally();
  }

  @Override
  public Tally addInput(Tally t, Long obs) {
    long offset = obs >>> REGION_BITS;
    int w = windows.windowOf(windows.startMillis() + offset);
    t.add(w, (int) (obs & REGION_MASK), 1, offset);
    return t;
  }

  @Override
  public Tally mergeAccumulators(Iterable<Tally> tallies) {
    Tally merged = null;
    for (Tally t : tallies) {
      if (merged == null) {
        merged = t; // accumulators may be modified and returned
        continue;
      }
      for (int i = 0; i < t.size; i++) {
        merged.add(t.window[i], t.region[i], t.count[i], t.latest[i]);
      }
    }
    return merged == null ? new Tally() : merged;
  }

  @Override
  public int[][] extractOutput(Tally t) {
    return t.trajectory();
  }

  @Override
  public Coder<Tally> getAccumulatorCoder(CoderRegistry registry, Coder<Long> inputCoder) {
    return new TallyCoder();
  }

  @Override
  public Coder<int[][]> getDefaultOutputCoder(CoderRegistry registry, Coder<Long> inputCoder) {
    return new WindowsRegionsCoder();
  }

  static final class TallyCoder extends AtomicCoder<Tally> {
    @Override
    public void encode(Tally t, OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeInt(t.size);
      for (int i = 0; i < t.size; i++) {
        d.writeInt(t.window[i]);
        d.writeInt(t.region[i]);
        d.writeLong(t.count[i]);
        d.writeLong(t.latest[i]);
      }
    }

    @Override
    public Tally decode(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      Tally t = new Tally();
      int n = d.readInt();
      for (int i = 0; i < n; i++) {
        t.add(d.readInt(), d.readInt(), d.readLong(), d.readLong());
      }
      return t;
    }
  }

  /** Coder of the combine's output: {windows, regions}, two int arrays of one length. */
  static final class WindowsRegionsCoder extends AtomicCoder<int[][]> {
    @Override
    public void encode(int[][] wr, OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeInt(wr[0].length);
      for (int i = 0; i < wr[0].length; i++) {
        d.writeInt(wr[0][i]);
        d.writeInt(wr[1][i]);
      }
    }

    @Override
    public int[][] decode(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      int n = d.readInt();
      int[][] wr = new int[2][n];
      for (int i = 0; i < n; i++) {
        wr[0][i] = d.readInt();
        wr[1][i] = d.readInt();
      }
      return wr;
    }

    @Override
    public void verifyDeterministic() {}
  }

  /** The trajectory value of a combined device. */
  static DeviceTrajectory toTrajectory(Pseudonym p, int[][] wr) {
    return new DeviceTrajectory(p, wr[0], wr[1]);
  }
}
