package io.privflow.request;

import java.nio.file.Path;

/**
 * The region file and the name of its region set ({@code regions.set}; by default the file
 * name), which the custodian's policy may restrict to approved sets; for a release over two
 * levels of regions, its {@link RegionHierarchy} (null otherwise); and how network events are put
 * in regions ({@code regions.mapping}; null reads as {@link Mapping#TOWER_POINT}).
 */
public record Regions(Path file, String idProperty, String nameProperty, String set, RegionHierarchy hierarchy,
    Mapping mapping) {

  public Regions {
    mapping = mapping == null ? Mapping.TOWER_POINT : mapping;
  }

  /** Regions of one level, tower-point mapping. */
  public Regions(Path file, String idProperty, String nameProperty, String set) {
    this(file, idProperty, nameProperty, set, null, null);
  }

  /** Tower-point mapping. */
  public Regions(Path file, String idProperty, String nameProperty, String set, RegionHierarchy hierarchy) {
    this(file, idProperty, nameProperty, set, hierarchy, null);
  }

  /** The same regions with another mapping. */
  public Regions withMapping(Mapping m) {
    return new Regions(file, idProperty, nameProperty, set, hierarchy, m);
  }
}
