package io.privflow.request;

import java.util.Locale;

/** The grids a request may name in {@code regions.grid.system}. */
public enum GridSystem {
  /** Uber's hexagonal H3 grid at a resolution 0..15. */
  H3("h3"),
  /** The European statistical grid: EPSG:3035 (ETRS89 Lambert azimuthal equal-area), 1 km or 10 km squares. */
  ETRS89_LAEA("etrs89_laea");

  private final String label;

  GridSystem(String label) {
    this.label = label;
  }

  /** The name in a request. */
  public String label() {
    return label;
  }

  /** The system of a request's label, or null for an unknown one. */
  public static GridSystem ofLabel(String label) {
    for (GridSystem s : values()) {
      if (s.label.equals(label == null ? null : label.strip().toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    return null;
  }
}
