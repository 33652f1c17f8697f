package io.privflow.regions;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * Where one cell was over time: its reference rows, each already mapped to a region index (-1 for
 * a tower outside every region), ordered by the start of validity.
 *
 * <p>Overlapping validity rows: the row that started most recently wins, so a correction row added
 * by the operator overrides the one it replaces.
 */
public final class CellHistory implements Serializable {
  private final int[] fromDay;
  private final int[] toDay;
  private final int[] region;

  /** One validity interval of a cell (UTC epoch days, inclusive) and its region index. */
  public record Placement(int fromDay, int toDay, int region) implements Serializable {}

  public CellHistory(List<Placement> placements) {
    Placement[] p = placements.toArray(new Placement[0]);
    Arrays.sort(p, Comparator.comparingInt(Placement::fromDay));
    fromDay = new int[p.length];
    toDay = new int[p.length];
    region = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      fromDay[i] = p[i].fromDay();
      toDay[i] = p[i].toDay();
      region[i] = p[i].region();
    }
  }

  /** Region index valid on the given UTC day; {@link #NOT_VALID} when no row covers it. */
  public int regionOn(int epochDay) {
    for (int i = fromDay.length - 1; i >= 0; i--) {
      if (fromDay[i] <= epochDay && epochDay <= toDay[i]) {
        return region[i];
      }
    }
    return NOT_VALID;
  }

  public static final int NOT_VALID = Integer.MIN_VALUE;

  public static Coder<CellHistory> coder() {
    return HistoryCoder.INSTANCE;
  }

  public static Coder<Placement> placementCoder() {
    return PlacementCoder.INSTANCE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CellHistory h
        && Arrays.equals(fromDay, h.fromDay) && Arrays.equals(toDay, h.toDay) && Arrays.equals(region, h.region);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fromDay) * 31 + Arrays.hashCode(region);
  }

  private static final class PlacementCoder extends AtomicCoder<Placement> {
    static final PlacementCoder INSTANCE = new PlacementCoder();

    @Override
    public void encode(Placement p, OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeInt(p.fromDay());
      d.writeInt(p.toDay());
      d.writeInt(p.region());
    }

    @Override
    public Placement decode(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      return new Placement(d.readInt(), d.readInt(), d.readInt());
    }

    @Override
    public void verifyDeterministic() {}
  }

  private static final class HistoryCoder extends AtomicCoder<CellHistory> {
    static final HistoryCoder INSTANCE = new HistoryCoder();

    @Override
    public void encode(CellHistory h, OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeInt(h.fromDay.length);
      for (int i = 0; i < h.fromDay.length; i++) {
        PlacementCoder.INSTANCE.encode(new Placement(h.fromDay[i], h.toDay[i], h.region[i]), out);
      }
    }

    @Override
    public CellHistory decode(InputStream in) throws IOException {
      int n = new DataInputStream(in).readInt();
      List<Placement> p = new java.util.ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        p.add(PlacementCoder.INSTANCE.decode(in));
      }
      return new CellHistory(p);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
