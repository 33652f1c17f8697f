package io.privflow.generate;

import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/** Privland: its outline (mainland plus an island) and the regions that tile it. */
final class Country {
  static final GeometryFactory FACTORY = new GeometryFactory();

  final Geometry outline;
  final PreparedGeometry preparedOutline;
  final List<SynthRegion> regions;

  Country(Geometry outline, List<SynthRegion> regions) {
    this.outline = outline;
    this.preparedOutline = PreparedGeometryFactory.prepare(outline);
    this.regions = List.copyOf(regions);
  }

  /** True when the point is inside the land and at least {@code marginKm} from the coast. */
  boolean onLand(Coordinate c, double marginKm) {
    var p = FACTORY.createPoint(c);
    if (!preparedOutline.contains(p)) {
      return false;
    }
    return marginKm <= 0 || outline.getBoundary().distance(p) * Geo.KM_PER_DEG_LON > marginKm;
  }

  /** Index of the region whose interior holds the point, -1 if none (sea or exactly a border). */
  int regionOf(Coordinate c) {
    var p = FACTORY.createPoint(c);
    for (SynthRegion r : regions) {
      if (r.prepared.contains(p)) {
        return r.index;
      }
    }
    return -1;
  }
}
