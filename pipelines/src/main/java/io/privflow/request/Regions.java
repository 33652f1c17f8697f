package io.privflow.request;

import java.nio.file.Path;

/**
 * The region file and the name of its region set ({@code regions.set}; by default the file
 * name), which the custodian's policy may restrict to approved sets; and, for a release over two
 * levels of regions, its {@link RegionHierarchy} (null otherwise).
 */
public record Regions(Path file, String idProperty, String nameProperty, String set, RegionHierarchy hierarchy) {

  /** Regions of one level. */
  public Regions(Path file, String idProperty, String nameProperty, String set) {
    this(file, idProperty, nameProperty, set, null);
  }
}
