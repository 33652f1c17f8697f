package io.privflow.regions;

import io.privflow.model.Pseudonym;
import io.privflow.rejects.Reason;
import io.privflow.rejects.Rejection;
import io.privflow.rejects.Source;
import io.privflow.rejects.Stage;
import java.util.Map;

/**
 * The one rule that puts an event in a region, shared by {@link MapToRegions} and the release's
 * fused per-event step: a GPS fix by point in polygon, a network event through the cell-reference
 * row valid on the event's UTC day. Nothing is ever mapped to a default region: an event is placed,
 * out of scope (a fix outside every region, or a cell whose tower is), or rejected (its cell is
 * not in the reference, or no row of it is valid that day). Not thread-safe; one per DoFn.
 */
public final class EventPlacer {
  /** Out of scope: no region of the request holds the fix (or the cell's tower). */
  public static final int OUTSIDE = -1;
  /** Rejected: the cell is not in the cell reference. */
  public static final int UNKNOWN_CELL = -2;
  /** Rejected: no cell-reference row of the cell is valid on the event's day. */
  public static final int CELL_NOT_VALID = -3;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final RegionIndex index;

  public EventPlacer(RegionSet regions) {
    this.index = new RegionIndex(regions);
  }

  /** A network event's region index, or {@link #OUTSIDE}, {@link #UNKNOWN_CELL}, {@link #CELL_NOT_VALID}. */
  public static int placeCell(Map<String, CellHistory> cells, String cellId, long timeMillis) {
    return placeCell(cells.get(cellId), timeMillis);
  }

  /** {@link #placeCell(Map, String, long)} with the cell's history already looked up (null: unknown cell). */
  public static int placeCell(CellHistory history, long timeMillis) {
    if (history == null) {
      return UNKNOWN_CELL;
    }
    int region = history.regionOn(Math.toIntExact(Math.floorDiv(timeMillis, MILLIS_PER_DAY)));
    if (region == CellHistory.NOT_VALID) {
      return CELL_NOT_VALID;
    }
    return region < 0 ? OUTSIDE : region;
  }

  /**
   * {@link #placeCell} for the separate-stage path ({@link MapToRegions}), which supports only
   * tower-point mapping: a cell history built for coverage mapping is refused, since one region
   * per event would silently drop the footprint's other shares.
   */
  public static int placeCellAtTower(Map<String, CellHistory> cells, String cellId, long timeMillis) {
    CellHistory history = cells.get(cellId);
    if (history != null && history.hasShares()) {
      throw new IllegalStateException("MapToRegions places network events at their tower's point only;"
          + " regions.mapping: coverage runs through ReadAndLocate");
    }
    return placeCell(cells, cellId, timeMillis);
  }

  /** A GPS fix's region index, or {@link #OUTSIDE}. */
  public int placePoint(double lat, double lon) {
    int region = index.locate(lat, lon);
    return region < 0 ? OUTSIDE : region;
  }

  /**
   * The rejection of an event that could not be placed ({@code code} is one of the rejected
   * codes): it names the file and record the event was read from, and its pseudonym (never a raw
   * identifier).
   */
  public static Rejection rejection(int code, Source source, String file, long recordNumber, Pseudonym pseudonym) {
    return code == UNKNOWN_CELL
        ? new Rejection(source, file, recordNumber, Stage.REGIONS, Reason.UNKNOWN_CELL, pseudonym,
            "cell not in the cell reference")
        : new Rejection(source, file, recordNumber, Stage.REGIONS, Reason.CELL_NOT_VALID_AT_TIME, pseudonym,
            "no cell-reference row valid on the event's day");
  }
}
