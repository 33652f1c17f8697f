package io.privflow.regions;

import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Point-in-polygon over a region set: an STR-tree of the regions' envelopes narrows the candidates,
 * prepared geometries answer the containment test.
 *
 * <p>Overlap rule: where regions overlap, a point belongs to the region that comes first in the
 * GeoJSON file (the lowest index). Points on a shared border are inside both polygons (JTS
 * {@code covers}), so the same rule decides them. A grid's region set is located by the grid's own
 * function instead ({@link GridLocator}). Not thread-safe; build once per DoFn.
 */
public final class RegionIndex {
  private final STRtree tree = new STRtree();
  private final GeometryFactory factory = new GeometryFactory();

  private record Entry(int index, PreparedGeometry geometry) {}

  /** A grid's own locator, for a grid's region set; then the tree stays empty. */
  private final GridLocator grid;

  public RegionIndex(RegionSet regions) {
    grid = regions.grid() == null ? null : new GridLocator(regions);
    if (grid != null) {
      return;
    }
    List<Region> list = regions.regions();
    for (int i = 0; i < list.size(); i++) {
      var g = list.get(i).geometry();
      tree.insert(g.getEnvelopeInternal(), new Entry(i, PreparedGeometryFactory.prepare(g)));
    }
    tree.build();
  }

  /** Index of the region containing (lat, lon), or -1 when none does. */
  public int locate(double lat, double lon) {
    if (grid != null) {
      return grid.locate(lat, lon);
    }
    Coordinate c = new Coordinate(lon, lat);
    Point p = factory.createPoint(c);
    int best = -1;
    for (Object o : tree.query(p.getEnvelopeInternal())) {
      Entry e = (Entry) o;
      if ((best < 0 || e.index < best) && e.geometry.covers(p)) {
        best = e.index;
      }
    }
    return best;
  }
}
