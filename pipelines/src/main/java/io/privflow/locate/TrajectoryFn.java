package io.privflow.locate;

import io.privflow.model.Coders;
import io.privflow.model.DeviceTrajectory;
import io.privflow.model.Pseudonym;
import java.util.Arrays;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Combines one device's events into its trajectory: per window, the modal region by event count,
 * ties broken by the latest event, then by the lower region index (so the answer never depends on
 * arrival order).
 *
 * <p>Under coverage mapping an event adds its cell's weights (see {@code CoverageWeights}) to the
 * window's regions and to an outside entry, and the region with the highest total weight wins (the
 * same tie rules; the outside entry loses ties); when the outside entry wins, the device is not
 * located in that window, like a device whose events all fell outside the regions. Before the
 * shuffle a coverage tally counts instants per (window, cell row) like a tower-point one per
 * (window, region) (the row's {@code CoverageTable} id in the region's place); {@link #expand}
 * turns a device's merged tally into weighted observations, each one long (see {@link #weighted}):
 * the instant in the high bits, so they sort and dedupe as instants do.
 *
 * <p>Its inputs are partial tallies, built per bundle in a hash map by {@code LocateDevices}
 * before the shuffle (in-mapper combining: cheaper than the runner's sort-based combiner), so the
 * shuffle carries one tally per device and bundle, not events.
 */
final class TrajectoryFn extends Combine.CombineFn<TrajectoryFn.Tally, TrajectoryFn.Tally, TrajectoryFn.Windows> {
  static final int REGION_BITS = 22;
  static final int MAX_REGIONS = 1 << REGION_BITS;
  private static final long REGION_MASK = MAX_REGIONS - 1;
  /** The tally's entry for the outside share of coverage weights (never a region of the request). */
  static final int OUTSIDE_REGION = MAX_REGIONS - 1;
  /** Marks a weighted (coverage) value; a tower-point value is an offset below 2^41. */
  static final long WEIGHTED = 1L << 62;
  private static final int WEIGHT_BITS = 17;
  private static final long WEIGHT_MASK = (1L << WEIGHT_BITS) - 1;
  /** Marks the first share of an event, so a repeated event counts one duplicate, not one per share. */
  private static final long PRIMARY = 1L << WEIGHT_BITS;
  private static final int INSTANT_SHIFT = WEIGHT_BITS + 1;

  private final WindowScheme windows;

  /**
   * One device's combined windows: {@code windows} ascending, {@code regions} the modal region of
   * each, and how many of its events were exact duplicates (counted once).
   */
  record Windows(int[] windows, int[] regions, int duplicates) {
    static final Coder<Windows> CODER = Coders.of(Windows.class,
        (w, out) -> {
          DeviceTrajectory.writeWindows(out, w.windows, w.regions);
          Coders.writeVarLong(out, w.duplicates);
        },
        in -> {
          int[][] wr = DeviceTrajectory.readWindows(in);
          return new Windows(wr[0], wr[1], (int) Coders.readVarLong(in));
        });
  }

  TrajectoryFn(WindowScheme windows) {
    this.windows = windows;
  }

  /** Packs (event offset from the range start in ms, region); an offset below 2^41 ms (69 years). */
  static long observation(long offsetMillis, int region) {
    return (offsetMillis << REGION_BITS) | region;
  }

  /**
   * A weighted value: {@link #WEIGHTED}, the event's offset (below 2^41 ms), whether it is the
   * event's first share, and its weight (at most 2^16). An exact repeat of an event (same device,
   * instant and cell) gives the same values and is dropped like a repeated instant. (So would two
   * different cells seen by one device in the same millisecond with the same share of a region and
   * the same first-share flag: that region would count the share once, a negligible case.)
   */
  static long weighted(long offsetMillis, boolean primary, int weight) {
    return WEIGHTED | (offsetMillis << INSTANT_SHIFT) | (primary ? PRIMARY : 0) | weight;
  }

  /** The instant (offset in ms) of a tally value of either kind. */
  static long instantOf(long value) {
    return value >= WEIGHTED ? (value & ~WEIGHTED) >>> INSTANT_SHIFT : value;
  }

  /** The weight of a tally value: its share, or a whole unit for a tower-point value. */
  static int weightOf(long value) {
    return value >= WEIGHTED ? (int) (value & WEIGHT_MASK) : io.privflow.regions.CoverageWeights.UNIT;
  }

  /** What {@link Tally#forEachObservation} reports. */
  @FunctionalInterface
  interface Observation {
    /**
     * @param offsetMillis the event's offset from the range start
     * @param region the region index, or -1 for the outside share of a footprint
     * @param weight its weight out of {@code CoverageWeights.UNIT} (the whole unit under tower-point mapping)
     */
    void accept(long offsetMillis, int region, int weight);
  }

  /**
   * The distinct event instants per (window, region) of one device: a handful of entries. Keeping
   * instants rather than counts makes exact duplicates (the same device, instant and region, e.g.
   * a record delivered twice) count once; the shuffle still carries one accumulator per device,
   * not one keyed record per event.
   */
  static final class Tally {
    int size;
    // Sixteen entries: a device's week of daily windows over two or three regions fits without
    // the arrays growing (their copies were 3% of the 20 M profile with room for four).
    int[] window;
    int[] region;
    long[][] times;
    int[] used;

    Tally() {
      this(16);
    }

    /** Room for {@code entries} (window, region) entries before the arrays grow. */
    Tally(int entries) {
      int n = Math.max(1, entries);
      window = new int[n];
      region = new int[n];
      times = new long[n][];
      used = new int[n];
    }
    /**
     * Exact repeats dropped so far, wherever they were dropped (when an entry's array fills, when
     * the tally is encoded, at the end): carried through merges and the coder, so the duplicates
     * figure does not depend on when compaction happened.
     */
    long dropped;

    /** The entry last found: a device's events come in time order, so most repeat its (window, region). */
    private int last;

    /**
     * Open-addressing index of the entries by (window, region), each slot an entry's index + 1 (0:
     * empty); null while the tally has at most {@link #INDEX_FROM} entries, where a scan is
     * cheaper. Under coverage mapping on a fine grid an event adds to every cell its footprint
     * overlaps (a hundred or more), and a device's tally holds hundreds of entries: a scan per
     * share made the per-event cost grow with the square of the footprint's cells.
     */
    private int[] index;

    private static final int INDEX_FROM = 16;

    /** The index of the entry for (w, r), added when absent. */
    int entry(int w, int r) {
      if (last < size && window[last] == w && region[last] == r) {
        return last;
      }
      int found = find(w, r);
      if (found >= 0) {
        return last = found;
      }
      grow();
      window[size] = w;
      region[size] = r;
      times[size] = new long[4];
      used[size] = 0;
      size++;
      indexed(size - 1);
      return last = size - 1;
    }

    private int find(int w, int r) {
      if (index == null) {
        for (int i = 0; i < size; i++) {
          if (window[i] == w && region[i] == r) {
            return i;
          }
        }
        return -1;
      }
      int mask = index.length - 1;
      for (int slot = hash(w, r) & mask; ; slot = (slot + 1) & mask) {
        int e = index[slot] - 1;
        if (e < 0) {
          return -1;
        }
        if (window[e] == w && region[e] == r) {
          return e;
        }
      }
    }

    private static int hash(int w, int r) {
      int h = w * 0x9E3779B9 + r * 0x85EBCA6B;
      return h ^ (h >>> 15);
    }

    /** Records the new entry {@code i} in the index (built once the tally outgrows a scan, kept under half full). */
    private void indexed(int i) {
      if (index == null && size <= INDEX_FROM) {
        return;
      }
      if (index == null || size * 2 > index.length) {
        index = new int[Integer.highestOneBit(size * 4)];
        for (int k = 0; k < size; k++) {
          insert(k);
        }
        return;
      }
      insert(i);
    }

    private void insert(int i) {
      int mask = index.length - 1;
      int slot = hash(window[i], region[i]) & mask;
      while (index[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      index[slot] = i + 1;
    }

    private void grow() {
      if (size == window.length) {
        window = Arrays.copyOf(window, size * 2);
        region = Arrays.copyOf(region, size * 2);
        times = Arrays.copyOf(times, size * 2);
        used = Arrays.copyOf(used, size * 2);
      }
    }

    /**
     * Adds an entry known to be absent, with its instants already sorted and distinct (what the
     * coder wrote): no search, no copy per instant.
     */
    void putNew(int w, int r, long[] instants) {
      grow();
      window[size] = w;
      region[size] = r;
      times[size] = instants;
      used[size] = instants.length;
      size++;
      indexed(size - 1);
    }

    void add(int w, int r, long time) {
      append(entry(w, r), time);
    }

    /** Adds one instant to entry {@code i}. */
    void append(int i, long time) {
      if (used[i] == times[i].length) {
        compact(i);
        if (used[i] > times[i].length / 2) {
          times[i] = Arrays.copyOf(times[i], Math.max(4, times[i].length * 2));
        }
      }
      times[i][used[i]++] = time;
    }

    /** Sorts an entry's instants and drops repeats (an event's repeat once, not once per share). */
    void compact(int i) {
      if (!ascending(times[i], used[i])) { // a device's events mostly arrive in time order
        Arrays.sort(times[i], 0, used[i]);
      }
      int n = 0;
      for (int k = 0; k < used[i]; k++) {
        long v = times[i][k];
        if (n == 0 || v != times[i][n - 1]) {
          times[i][n++] = v;
        } else if (v < WEIGHTED || (v & PRIMARY) != 0) {
          dropped++;
        }
      }
      used[i] = n;
    }

    private static boolean ascending(long[] a, int n) {
      for (int k = 1; k < n; k++) {
        if (a[k] < a[k - 1]) {
          return false;
        }
      }
      return true;
    }

    /** An entry's events, or under coverage mapping its total weight. */
    long count(int i) {
      if (used[i] == 0 || times[i][0] < WEIGHTED) {
        return used[i];
      }
      long sum = 0;
      for (int k = 0; k < used[i]; k++) {
        sum += times[i][k] & WEIGHT_MASK;
      }
      return sum;
    }

    long latest(int i) {
      return instantOf(times[i][used[i] - 1]);
    }

    /**
     * Every distinct observation of the device (repeats dropped first), in no particular order:
     * its instant, region (-1: the outside share of a footprint) and weight out of
     * {@code CoverageWeights.UNIT} (a whole unit under tower-point mapping).
     */
    void forEachObservation(Observation o) {
      for (int i = 0; i < size; i++) {
        compact(i);
        int r = region[i] == OUTSIDE_REGION ? -1 : region[i];
        for (int k = 0; k < used[i]; k++) {
          o.accept(instantOf(times[i][k]), r, weightOf(times[i][k]));
        }
      }
    }

    /** The modal region of each window, windows ascending. */
    Windows trajectory() {
      for (int i = 0; i < size; i++) {
        compact(i);
      }
      int duplicates = Math.toIntExact(dropped);
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Integer.compare(window[a], window[b]));
      long[] count = new long[size];
      for (int i = 0; i < size; i++) {
        count[i] = count(i);
      }
      int[] ws = new int[size];
      int[] rs = new int[size];
      int n = 0;
      for (int k = 0; k < size; ) {
        int w = window[order[k]];
        int best = order[k];
        for (k++; k < size && window[order[k]] == w; k++) {
          int i = order[k];
          if (count[i] > count[best] || (count[i] == count[best]
              && (latest(i) > latest(best) || (latest(i) == latest(best) && region[i] < region[best])))) {
            best = i;
          }
        }
        if (region[best] == OUTSIDE_REGION) {
          continue; // most of the window's weight lies outside the regions: not located there
        }
        ws[n] = w;
        rs[n] = region[best];
        n++;
      }
      return new Windows(Arrays.copyOf(ws, n), Arrays.copyOf(rs, n), duplicates);
    }
  }

  @Override
  public Tally createAccumulator() {
    return new Tally();
  }

  /** Adds one observation (packed by {@link #observation}) to a tally. */
  void addObservation(Tally t, long obs) {
    long offset = obs >>> REGION_BITS;
    int w = windows.windowOf(windows.startMillis() + offset);
    if (w < 0) {
      // The readers filter by time range already; reaching here would be a bug upstream.
      throw new IllegalStateException("event outside the time range reached LocateDevices");
    }
    t.add(w, (int) (obs & REGION_MASK), offset);
  }

  /**
   * Adds one event's coverage shares to a tally (the outside share to the outside entry): the
   * per-event form of {@link #expand}, which the release does not use (it counts per cell row and
   * expands at the merge); the tests take it as the reference the expansion must match.
   */
  void addShares(Tally t, long offsetMillis, io.privflow.regions.CellHistory.Shares shares) {
    addShares(t, windowOf(offsetMillis), shares, new long[] {offsetMillis}, 1);
  }

  /** Adds each of {@code count} instants of window {@code w} to the entries of {@code shares}. */
  private static void addShares(Tally t, int w, io.privflow.regions.CellHistory.Shares shares, long[] instants,
      int count) {
    for (int k = 0; k < shares.size(); k++) {
      int r = shares.regions()[k];
      int e = t.entry(w, r < 0 ? OUTSIDE_REGION : r);
      for (int j = 0; j < count; j++) {
        t.append(e, weighted(instants[j], k == 0, shares.weights()[k]));
      }
    }
  }

  /**
   * Under coverage mapping, a device's tally counted per (window, cell row) (the entries' "region"
   * is a {@link io.privflow.regions.CoverageTable} id) expanded into the weighted tally that
   * {@link Tally#trajectory} and {@link Tally#forEachObservation} read: each distinct instant of a
   * row adds the row's shares, as if the event had added them itself. The repeats already dropped
   * carry over.
   */
  static Tally expand(Tally perCell, io.privflow.regions.CoverageTable table) {
    for (int i = 0; i < perCell.size; i++) {
      perCell.compact(i); // repeats of an event (same instant, same cell row) dropped and counted here
    }
    Tally t = new Tally();
    t.dropped = perCell.dropped;
    for (int i = 0; i < perCell.size; i++) {
      addShares(t, perCell.window[i], table.shares(perCell.region[i]), perCell.times[i], perCell.used[i]);
    }
    return t;
  }

  /** The per-event form for a point (a GPS fix) under coverage mapping: a whole unit (tests' reference). */
  void addWhole(Tally t, long offsetMillis, int region) {
    addShares(t, offsetMillis, new io.privflow.regions.CellHistory.Shares(new int[] {region},
        new int[] {io.privflow.regions.CoverageWeights.UNIT}));
  }

  private int windowOf(long offsetMillis) {
    int w = windows.windowOf(windows.startMillis() + offsetMillis);
    if (w < 0) {
      throw new IllegalStateException("event outside the time range reached LocateDevices");
    }
    return w;
  }

  @Override
  public Tally addInput(Tally t, Tally partial) {
    return mergeAccumulators(java.util.List.of(t, partial));
  }

  /** Adds every instant of {@code t} to {@code target}; {@code t} is left as it was. */
  static void mergeInto(Tally target, Tally t) {
    target.dropped += t.dropped;
    for (int i = 0; i < t.size; i++) {
      int e = target.entry(t.window[i], t.region[i]);
      for (int k = 0; k < t.used[i]; k++) {
        target.append(e, t.times[i][k]);
      }
    }
  }

  @Override
  public Tally mergeAccumulators(Iterable<Tally> tallies) {
    Tally merged = null;
    for (Tally t : tallies) {
      if (merged == null) {
        merged = t; // accumulators may be modified and returned
        continue;
      }
      mergeInto(merged, t);
    }
    return merged == null ? new Tally() : merged;
  }

  @Override
  public Windows extractOutput(Tally t) {
    return t.trajectory();
  }

  @Override
  public Coder<Tally> getAccumulatorCoder(CoderRegistry registry, Coder<Tally> inputCoder) {
    return TALLY_CODER;
  }

  @Override
  public Coder<Windows> getDefaultOutputCoder(CoderRegistry registry, Coder<Tally> inputCoder) {
    return Windows.CODER;
  }

  /**
   * Window, region and instant count as varints; the entries in the order of their first instant
   * and each entry's instants sorted, all delta-coded: instants minutes to hours apart take three
   * or four bytes; then the number of repeats dropped so far.
   */
  static final Coder<Tally> TALLY_CODER = Coders.of(Tally.class,
      (t, out) -> {
        Integer[] order = new Integer[t.size];
        for (int i = 0; i < t.size; i++) {
          t.compact(i);
          order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(t.times[a][0], t.times[b][0]));
        Coders.writeVarLong(out, t.size);
        long previousFirst = 0;
        for (int i : order) {
          Coders.writeVarLong(out, t.window[i]);
          Coders.writeVarLong(out, t.region[i]);
          Coders.writeVarLong(out, t.used[i]);
          Coders.writeVarLong(out, t.times[i][0] - previousFirst);
          previousFirst = t.times[i][0];
          for (int k = 1; k < t.used[i]; k++) {
            Coders.writeVarLong(out, t.times[i][k] - t.times[i][k - 1]);
          }
        }
        Coders.writeVarLong(out, t.dropped);
      },
      in -> {
        // The entries were distinct and each one's instants sorted and distinct when written.
        int n = (int) Coders.readVarLong(in);
        Tally t = new Tally(n);
        long previousFirst = 0;
        for (int i = 0; i < n; i++) {
          int w = (int) Coders.readVarLong(in);
          int r = (int) Coders.readVarLong(in);
          long[] instants = new long[(int) Coders.readVarLong(in)];
          long time = previousFirst + Coders.readVarLong(in);
          previousFirst = time;
          instants[0] = time;
          for (int k = 1; k < instants.length; k++) {
            time += Coders.readVarLong(in);
            instants[k] = time;
          }
          t.putNew(w, r, instants);
        }
        t.dropped = Coders.readVarLong(in);
        return t;
      });

  /** The trajectory value of a combined device. */
  static DeviceTrajectory toTrajectory(Pseudonym p, Windows w) {
    return new DeviceTrajectory(p, w.windows(), w.regions());
  }
}
