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

  private static void writePlacement(Placement p, DataOutput out) throws IOException {
    out.writeInt(p.fromDay());
    out.writeInt(p.toDay());
    out.writeInt(p.region());
  }

  private static Placement readPlacement(DataInput in) throws IOException {
    return new Placement(in.readInt(), in.readInt(), in.readInt());
  }

  public static final Coder<Placement> PLACEMENT_CODER =
      Coders.of(Placement.class, CellHistory::writePlacement, CellHistory::readPlacement);

  public static final Coder<CellHistory> CODER = Coders.of(CellHistory.class,
      (h, out) -> {
        out.writeInt(h.fromDay.length);
        for (int i = 0; i < h.fromDay.length; i++) {
          writePlacement(new Placement(h.fromDay[i], h.toDay[i], h.region[i]), out);
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
        && Arrays.equals(fromDay, h.fromDay) && Arrays.equals(toDay, h.toDay) && Arrays.equals(region, h.region);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fromDay) * 31 + Arrays.hashCode(region);
  }
}
