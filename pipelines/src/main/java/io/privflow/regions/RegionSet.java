package io.privflow.regions;

import java.io.Serializable;
import java.util.List;

/**
 * The regions of a release, in file order. A region's position in this list is its index in the
 * pipeline (compact ints instead of id strings); its id appears only in outputs. The set is public:
 * it defines the output domain.
 *
 * @param sha256 SHA-256 of the GeoJSON file, recorded in the release for lineage
 */
public record RegionSet(String name, List<Region> regions, String sha256) implements Serializable {

  public RegionSet {
    regions = List.copyOf(regions);
  }

  public int size() {
    return regions.size();
  }

  public Region get(int index) {
    return regions.get(index);
  }
}
