package io.privflow.locate;

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
 * The modal region of one device in one window: the region with most events, ties broken by the
 * latest event, then by the lower region index (so the answer never depends on arrival order).
 *
 * <p>Input: an observation packed into a long by {@link #observation}. As a combiner it runs
 * before the shuffle, so the shuffle carries one small tally per device and window, not events.
 */
final class ModalRegionFn extends Combine.CombineFn<Long, ModalRegionFn.Tally, Integer> {
  static final int REGION_BITS = 22;
  static final int MAX_REGIONS = 1 << REGION_BITS;
  private static final long REGION_MASK = MAX_REGIONS - 1;

  /** Packs (event offset from the range start in ms, region) into one long; offset < 2^41 ms. */
  static long observation(long offsetMillis, int region) {
    return (offsetMillis << REGION_BITS) | region;
  }

  /** Per-region event counts and latest event offsets; a handful of regions per device-window. */
  static final class Tally {
    int size;
    int[] regions = new int[2];
    long[] counts = new long[2];
    long[] latest = new long[2];

    void add(int region, long count, long latestOffset) {
      for (int i = 0; i < size; i++) {
        if (regions[i] == region) {
          counts[i] += count;
          latest[i] = Math.max(latest[i], latestOffset);
          return;
        }
      }
      if (size == regions.length) {
        regions = Arrays.copyOf(regions, size * 2);
        counts = Arrays.copyOf(counts, size * 2);
        latest = Arrays.copyOf(latest, size * 2);
      }
      regions[size] = region;
      counts[size] = count;
      latest[size] = latestOffset;
      size++;
    }

    int modal() {
      int best = -1;
      for (int i = 0; i < size; i++) {
        if (best < 0
            || counts[i] > counts[best]
            || (counts[i] == counts[best]
                && (latest[i] > latest[best] || (latest[i] == latest[best] && regions[i] < regions[best])))) {
          best = i;
        }
      }
      return regions[best];
    }
  }

  @Override
  public Tally createAccumulator() {
    return new Tally();
  }

  @Override
  public Tally addInput(Tally t, Long obs) {
    t.add((int) (obs & REGION_MASK), 1, obs >>> REGION_BITS);
    return t;
  }

  @Override
  public Tally mergeAccumulators(Iterable<Tally> tallies) {
    Tally merged = new Tally();
    for (Tally t : tallies) {
      for (int i = 0; i < t.size; i++) {
        merged.add(t.regions[i], t.counts[i], t.latest[i]);
      }
    }
    return merged;
  }

  @Override
  public Integer extractOutput(Tally t) {
    return t.modal();
  }

  @Override
  public Coder<Tally> getAccumulatorCoder(CoderRegistry registry, Coder<Long> inputCoder) {
    return new TallyCoder();
  }

  static final class TallyCoder extends AtomicCoder<Tally> {
    @Override
    public void encode(Tally t, OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeInt(t.size);
      for (int i = 0; i < t.size; i++) {
        d.writeInt(t.regions[i]);
        d.writeLong(t.counts[i]);
        d.writeLong(t.latest[i]);
      }
    }

    @Override
    public Tally decode(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      Tally t = new Tally();
      int n = d.readInt();
      for (int i = 0; i < n; i++) {
        t.add(d.readInt(), d.readLong(), d.readLong());
      }
      return t;
    }
  }
}
