package io.privflow.regions;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Numbers every cell-reference row of a located cell reference, so that under coverage mapping a
 * device's tally can count its events per (window, cell row) and expand them into region weights
 * only once, when the device's tallies are merged: a footprint over a fine grid covers tens to
 * hundreds of regions, and expanding per event made every tally (and the shuffle) that many times
 * larger. Ids are the rows in the order of cell id, then row (start of validity), so every worker
 * that builds the table from the same side input gets the same ids. A GPS fix, placed at a point,
 * gets the id {@link #pointId} of its region: the whole unit to that region.
 */
public final class CoverageTable {
  /** Ids from here on are a point's region (a GPS fix); cell rows come below. */
  public static final int POINT_BASE = 1 << 21;

  private final Map<String, CellHistory> cells; // what the table was built from: see #of
  private final Map<String, Integer> first = new HashMap<>();
  private final CellHistory.Shares[] shares;

  /**
   * {@code previous} when it was built from this very map, else a table of {@code cells}: a DoFn
   * keeps its table while a bundle's side input stays the same object, and rebuilds it only when
   * the runner hands over another.
   */
  public static CoverageTable of(Map<String, CellHistory> cells, CoverageTable previous) {
    return previous != null && previous.cells == cells ? previous : new CoverageTable(cells);
  }

  public CoverageTable(Map<String, CellHistory> cells) {
    this.cells = cells;
    String[] ids = cells.keySet().toArray(new String[0]);
    Arrays.sort(ids);
    int n = 0;
    for (String id : ids) {
      first.put(id, n);
      n += cells.get(id).rows();
      if (n > POINT_BASE) {
        throw new IllegalStateException("coverage mapping takes at most " + POINT_BASE + " cell-reference rows");
      }
    }
    shares = new CellHistory.Shares[n];
    for (String id : ids) {
      CellHistory h = cells.get(id);
      for (int r = 0; r < h.rows(); r++) {
        shares[first.get(id) + r] = h.sharesOfRow(r);
      }
    }
  }

  /** The id of the cell's row valid on the given UTC day; the cell must have one (it was placed). */
  public int id(String cellId, CellHistory history, int epochDay) {
    int row = history.rowOn(epochDay);
    if (row < 0) {
      throw new IllegalStateException("no row of a placed cell is valid on its event's day");
    }
    return first.get(cellId) + row;
  }

  /** The id of a point placed in {@code region} (a GPS fix): the whole unit to that region. */
  public static int pointId(int region) {
    if (region < 0 || region >= POINT_BASE) {
      throw new IllegalStateException("coverage mapping takes fewer than " + POINT_BASE + " regions");
    }
    return POINT_BASE + region;
  }

  /** The shares an id stands for. */
  public CellHistory.Shares shares(int id) {
    if (id >= POINT_BASE) {
      return new CellHistory.Shares(new int[] {id - POINT_BASE}, new int[] {CoverageWeights.UNIT});
    }
    return shares[id];
  }
}
