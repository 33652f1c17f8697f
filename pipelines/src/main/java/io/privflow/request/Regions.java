package io.privflow.request;

import java.nio.file.Path;

/**
 * The regions of a request: a region file ({@code file}, with its id and name properties) or a
 * {@link Grid} over an area ({@code grid}), exactly one of the two (the other is null); the name
 * of the region set ({@code regions.set}), which the custodian's policy may restrict to approved
 * sets; for a release over two levels of regions, its {@link RegionHierarchy} (null otherwise;
 * never with a grid); and how network events are put in regions ({@code regions.mapping}; null
 * reads as {@link Mapping#TOWER_POINT}).
 */
public record Regions(Path file, String idProperty, String nameProperty, String set, RegionHierarchy hierarchy,
    Grid grid, Mapping mapping) {

  public Regions {
    mapping = mapping == null ? Mapping.TOWER_POINT : mapping;
  }

  /** Regions of one level, tower-point mapping. */
  public Regions(Path file, String idProperty, String nameProperty, String set) {
    this(file, idProperty, nameProperty, set, null, null, null);
  }

  /** Regions from a file, with or without a hierarchy, tower-point mapping. */
  public Regions(Path file, String idProperty, String nameProperty, String set, RegionHierarchy hierarchy) {
    this(file, idProperty, nameProperty, set, hierarchy, null, null);
  }

  /** Regions from a file with a mapping. */
  public Regions(Path file, String idProperty, String nameProperty, String set, RegionHierarchy hierarchy,
      Mapping mapping) {
    this(file, idProperty, nameProperty, set, hierarchy, null, mapping);
  }

  /** The cells of a grid, tower-point mapping. */
  public static Regions of(Grid grid, String set) {
    return new Regions(null, null, null, set, null, grid, null);
  }

  /** The same regions with another hierarchy. */
  public Regions withHierarchy(RegionHierarchy h) {
    return new Regions(file, idProperty, nameProperty, set, h, grid, mapping);
  }

  /** The same regions with another mapping. */
  public Regions withMapping(Mapping m) {
    return new Regions(file, idProperty, nameProperty, set, hierarchy, grid, m);
  }
}
