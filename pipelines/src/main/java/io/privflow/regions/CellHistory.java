package io.privflow.regions;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;

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

  /** The cell reference is small (one row per cell), so Java serialisation is fine here. */
  public static Coder<CellHistory> coder() {
    return SerializableCoder.of(CellHistory.class);
  }
}
