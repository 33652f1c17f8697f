package io.privflow.regions;

import io.privflow.model.Coders;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;

/**
 * Where one cell was over time: its reference rows, each already mapped to a region index (-1 for
 * a tower outside every region), ordered by the start of validity; under coverage mapping, each
 * row also carries its footprint's {@link Shares}.
 *
 * <p>Overlapping validity rows: the row that started most recently wins, so a correction row added
 * by the operator overrides the one it replaces.
 */
public final class CellHistory implements Serializable {
  private final int[] fromDay;
  private final int[] toDay;
  private final int[] region;
  private final Shares[] shares;

  /**
   * A footprint's weights: region indexes ascending, the {@link #OUTSIDE} share (if any) last, each
   * with its weight above 0; the weights add up to {@link CoverageWeights#UNIT}.
   */
  public record Shares(int[] regions, int[] weights) implements Serializable {
    /** The index of the outside share. */
    public static final int OUTSIDE = -1;

    public int size() {
      return regions.length;
    }

    /** Whether no region holds any part of the footprint. */
    public boolean whollyOutside() {
      return regions.length == 1 && regions[0] == OUTSIDE;
    }

    /** The region with the largest weight (the lowest index among equals), or OUTSIDE. */
    public int largest() {
      int best = 0;
      for (int k = 1; k < regions.length; k++) {
        if (weights[k] > weights[best]) {
          best = k;
        }
      }
      return regions[best];
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Shares s && Arrays.equals(regions, s.regions) && Arrays.equals(weights, s.weights);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(regions) * 31 + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
      return "Shares" + Arrays.toString(regions) + Arrays.toString(weights);
    }
  }

  /**
   * One validity interval of a cell (UTC epoch days, inclusive), its region index, and under
   * coverage mapping its shares (null under tower-point mapping).
   */
  public record Placement(int fromDay, int toDay, int region, Shares shares) implements Serializable {
    public Placement(int fromDay, int toDay, int region) {
      this(fromDay, toDay, region, null);
    }

    /** A coverage placement: located (in the region of the largest share) unless wholly outside. */
    public static Placement covering(int fromDay, int toDay, Shares shares) {
      return new Placement(fromDay, toDay, shares.whollyOutside() ? -1 : shares.largest(), shares);
    }
  }

  public CellHistory(List<Placement> placements) {
    Placement[] p = placements.toArray(new Placement[0]);
    Arrays.sort(p, Comparator.comparingInt(Placement::fromDay));
    fromDay = new int[p.length];
    toDay = new int[p.length];
    region = new int[p.length];
    shares = new Shares[p.length];
    for (int i = 0; i < p.length; i++) {
      fromDay[i] = p[i].fromDay();
      toDay[i] = p[i].toDay();
      region[i] = p[i].region();
      shares[i] = p[i].shares();
    }
  }

  /** The index of the row valid on the given UTC day (the latest-starting one), -1 without one. */
  public int rowOn(int epochDay) {
    for (int i = fromDay.length - 1; i >= 0; i--) {
      if (fromDay[i] <= epochDay && epochDay <= toDay[i]) {
        return i;
      }
    }
    return -1;
  }

  /** Region index valid on the given UTC day; {@link #NOT_VALID} when no row covers it. */
  public int regionOn(int epochDay) {
    int i = rowOn(epochDay);
    return i < 0 ? NOT_VALID : region[i];
  }

  /**
   * The shares of the row valid on the given UTC day, null without one. Under tower-point mapping
   * (a row without shares) the whole unit goes to the tower's region, or outside.
   */
  public Shares sharesOn(int epochDay) {
    int i = rowOn(epochDay);
    return i < 0 ? null : sharesOfRow(i);
  }

  /** How many validity rows the cell has. */
  public int rows() {
    return fromDay.length;
  }

  /** The shares of row {@code i} (under tower-point mapping, the whole unit to its tower's region or outside). */
  public Shares sharesOfRow(int i) {
    return shares[i] != null ? shares[i]
        : new Shares(new int[] {region[i] < 0 ? Shares.OUTSIDE : region[i]}, new int[] {CoverageWeights.UNIT});
  }

  /** Whether any row carries shares (the history was built for coverage mapping). */
  public boolean hasShares() {
    for (Shares s : shares) {
      if (s != null) {
        return true;
      }
    }
    return false;
  }

  public static final int NOT_VALID = Integer.MIN_VALUE;

  private static void writePlacement(Placement p, DataOutput out) throws IOException {
    out.writeInt(p.fromDay());
    out.writeInt(p.toDay());
    out.writeInt(p.region());
    int n = p.shares() == null ? 0 : p.shares().size();
    out.writeInt(n);
    for (int k = 0; k < n; k++) {
      out.writeInt(p.shares().regions()[k]);
      out.writeInt(p.shares().weights()[k]);
    }
  }

  private static Placement readPlacement(DataInput in) throws IOException {
    int from = in.readInt();
    int to = in.readInt();
    int r = in.readInt();
    int n = in.readInt();
    if (n == 0) {
      return new Placement(from, to, r);
    }
    int[] rs = new int[n];
    int[] ws = new int[n];
    for (int k = 0; k < n; k++) {
      rs[k] = in.readInt();
      ws[k] = in.readInt();
    }
    return new Placement(from, to, r, new Shares(rs, ws));
  }

  public static final Coder<Placement> PLACEMENT_CODER =
      Coders.of(Placement.class, CellHistory::writePlacement, CellHistory::readPlacement);

  public static final Coder<CellHistory> CODER = Coders.of(CellHistory.class,
      (h, out) -> {
        out.writeInt(h.fromDay.length);
        for (int i = 0; i < h.fromDay.length; i++) {
          writePlacement(new Placement(h.fromDay[i], h.toDay[i], h.region[i], h.shares[i]), out);
        }
      },
      in -> {
        int n = in.readInt();
        List<Placement> p = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          p.add(readPlacement(in));
        }
        return new CellHistory(p);
      });

  @Override
  public boolean equals(Object o) {
    return o instanceof CellHistory h
        && Arrays.equals(fromDay, h.fromDay) && Arrays.equals(toDay, h.toDay) && Arrays.equals(region, h.region)
        && Arrays.equals(shares, h.shares);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fromDay) * 31 + Arrays.hashCode(region);
  }
}
