package io.privflow.regions;

import java.io.Serializable;
import java.util.List;

/**
 * The regions of a release, in file order (a grid's cells in the order of their ids). A region's
 * position in this list is its index in the pipeline (compact ints instead of id strings); its id
 * appears only in outputs. The set is public: it defines the output domain.
 *
 * @param sha256 SHA-256 of the GeoJSON file, recorded in the release for lineage; for a grid, the
 *     digest of the grid's description and its area file ({@link io.privflow.request.Grid#sha256})
 * @param grid the grid whose cells these are, which then locates points; null for a region file
 */
public record RegionSet(String name, List<Region> regions, String sha256, GridCells grid) implements Serializable {

  public RegionSet {
    regions = List.copyOf(regions);
  }

  /** The regions of a region file. */
  public RegionSet(String name, List<Region> regions, String sha256) {
    this(name, regions, sha256, null);
  }

  public int size() {
    return regions.size();
  }

  public Region get(int index) {
    return regions.get(index);
  }
}
