package io.privflow.request;

import java.nio.file.Path;

/**
 * The regions of a request: a region file ({@code file}, with its id and name properties) or a
 * {@link Grid} over an area ({@code grid}), exactly one of the two (the other is null); the name
 * of the region set ({@code regions.set}), which the custodian's policy may restrict to approved
 * sets; and, for a release over two levels of regions, its {@link RegionHierarchy} (null otherwise;
 * never with a grid).
 */
public record Regions(Path file, String idProperty, String nameProperty, String set, RegionHierarchy hierarchy,
    Grid grid) {

  /** Regions from a file, with or without a hierarchy. */
  public Regions(Path file, String idProperty, String nameProperty, String set, RegionHierarchy hierarchy) {
    this(file, idProperty, nameProperty, set, hierarchy, null);
  }

  /** Regions of one level. */
  public Regions(Path file, String idProperty, String nameProperty, String set) {
    this(file, idProperty, nameProperty, set, null, null);
  }

  /** The cells of a grid. */
  public static Regions of(Grid grid, String set) {
    return new Regions(null, null, null, set, null, grid);
  }
}
