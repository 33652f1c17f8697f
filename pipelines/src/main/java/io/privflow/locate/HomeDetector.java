package io.privflow.locate;

import io.privflow.model.DeviceTrajectory;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * One device's home region, from its located observations: per night (see {@link NightScheme}) its
 * night region is the modal region among that night's observations by weight (ties as a window's:
 * the latest observation, then the lower region index); the home is the region that is the night
 * region on the most nights (ties to the lower index), provided the device has a night region on
 * at least {@code min_nights} nights; otherwise {@link #UNKNOWN}.
 *
 * <p>What the rule gives: a night worker's home is where it spends the nights (its workplace); a
 * traveller with a different region every night gets the lowest-indexed of them once it has enough
 * nights (a plurality of one night each, ties to the lower index), not unknown. Pure Java, no Beam.
 */
public final class HomeDetector {
  /** No home: too few nights with a night region. */
  public static final int UNKNOWN = DeviceTrajectory.UNKNOWN_HOME;

  private final NightScheme nights;
  // One entry per (night, region) seen: a device has a handful.
  private int size;
  private int[] night = new int[8];
  private int[] region = new int[8];
  private long[] weight = new long[8];
  private long[] latest = new long[8];
  private int last;

  HomeDetector(NightScheme nights) {
    this.nights = nights;
  }

  /** A detector over the nights of [rangeStart, rangeEnd) in {@code zone}. */
  public static HomeDetector of(ZoneId zone, LocalTime nightStart, LocalTime nightEnd, int minNights,
      long rangeStartMillis, long rangeEndMillis) {
    return NightScheme.of(zone, nightStart, nightEnd, minNights, rangeStartMillis, rangeEndMillis).detector();
  }

  /**
   * One located observation of the device.
   *
   * @param offsetMillis its instant, as an offset from the range start
   * @param region its region index, or {@link #OUTSIDE} for a footprint's share outside every region
   * @param weight its weight (a whole unit per event under tower-point mapping, a footprint's share under coverage)
   */
  public void add(long offsetMillis, int region, long weight) {
    int n = nights.nightOf(offsetMillis);
    if (n < 0 || weight <= 0) {
      return;
    }
    // The tally gives one (window, region) entry's instants in a row: most adds repeat the last entry.
    int i = last;
    if (i >= size || night[i] != n || this.region[i] != region) {
      i = 0;
      while (i < size && (night[i] != n || this.region[i] != region)) {
        i++;
      }
    }
    last = i;
    if (i == size) {
      if (size == night.length) {
        night = Arrays.copyOf(night, size * 2);
        this.region = Arrays.copyOf(this.region, size * 2);
        this.weight = Arrays.copyOf(this.weight, size * 2);
        latest = Arrays.copyOf(latest, size * 2);
      }
      night[i] = n;
      this.region[i] = region;
      this.weight[i] = 0;
      latest[i] = Long.MIN_VALUE;
      size++;
    }
    this.weight[i] += weight;
    latest[i] = Math.max(latest[i], offsetMillis);
  }

  /** The region of an observation of a footprint's share outside every region (coverage mapping). */
  public static final int OUTSIDE = -1;

  /**
   * Between two entries of equal weight in one night, as a window's tie rule: the outside share
   * loses every tie, then the latest observation wins, then the lower region index.
   */
  private boolean beatsOnTie(int i, int b) {
    if ((region[i] == OUTSIDE) != (region[b] == OUTSIDE)) {
      return region[b] == OUTSIDE;
    }
    return latest[i] > latest[b] || (latest[i] == latest[b] && region[i] < region[b]);
  }

  /** The home region's index, or {@link #UNKNOWN}. */
  public int home() {
    // The night region of each night: entries by night, the best one of each.
    int[] best = new int[nights.count()];
    Arrays.fill(best, -1);
    for (int i = 0; i < size; i++) {
      int b = best[night[i]];
      if (b < 0 || weight[i] > weight[b] || (weight[i] == weight[b] && beatsOnTie(i, b))) {
        best[night[i]] = i;
      }
    }
    int located = 0;
    int[] regions = new int[nights.count()];
    for (int b : best) {
      if (b >= 0 && region[b] != OUTSIDE) { // a night whose heaviest share lies outside every region has no region
        regions[located++] = region[b];
      }
    }
    if (located < nights.minNights()) {
      return UNKNOWN;
    }
    Arrays.sort(regions, 0, located);
    int home = UNKNOWN;
    int most = 0;
    for (int k = 0; k < located; ) {
      int j = k;
      while (j < located && regions[j] == regions[k]) {
        j++;
      }
      if (j - k > most) { // strictly more: ties keep the lower index, seen first
        most = j - k;
        home = regions[k];
      }
      k = j;
    }
    return home;
  }
}
