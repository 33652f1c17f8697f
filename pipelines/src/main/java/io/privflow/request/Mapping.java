package io.privflow.request;

/**
 * How a network event is put in a region ({@code regions.mapping}). Either way a device is in at
 * most one region per window, so the sensitivity of every metric is the same.
 */
public enum Mapping {
  /** The region that holds the cell's tower (the default). */
  TOWER_POINT("tower_point"),
  /**
   * The cell's footprint (a circle of {@code range_m}, or a sector) split over the regions by area:
   * a device's region in a window is the one with the highest total weight of its events.
   */
  COVERAGE("coverage");

  private final String label;

  Mapping(String label) {
    this.label = label;
  }

  /** The request's spelling. */
  public String label() {
    return label;
  }

  /** One sentence for the plan and the report: how this release put network events in regions. */
  public String sentence() {
    return this == TOWER_POINT
        ? "Network events are placed at their cell's tower (regions.mapping: tower_point): each event counts for"
            + " the region that holds the tower."
        : "Network events are spread over their cell's coverage footprint (regions.mapping: coverage): each event"
            + " adds its footprint's area shares to the regions it overlaps, and a device's region in a window is"
            + " the one with the highest total share, so a device is still in at most one region per window.";
  }

  /** The mapping a request's text names, or null when it names none of them. */
  public static Mapping parse(String text) {
    for (Mapping m : values()) {
      if (m.label.equals(text)) {
        return m;
      }
    }
    return null;
  }
}
