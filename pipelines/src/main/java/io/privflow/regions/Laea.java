package io.privflow.regions;

import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * EPSG:3035 (ETRS89 Lambert azimuthal equal-area, the European statistical grid's projection) from
 * its proj parameters, so no EPSG database is needed. Longitudes and latitudes are taken as ETRS89,
 * which differs from WGS84 by well under a metre in Europe (below any cell here). Not thread-safe:
 * one per user.
 */
final class Laea {
  static final String PARAMETERS =
      "+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +units=m +no_defs";
  private final CoordinateTransform forward;
  private final CoordinateTransform inverse;
  private final ProjCoordinate in = new ProjCoordinate();
  private final ProjCoordinate out = new ProjCoordinate();

  Laea() {
    CRSFactory crs = new CRSFactory();
    CoordinateReferenceSystem lonLat = crs.createFromParameters("ETRS89", "+proj=longlat +ellps=GRS80 +no_defs");
    CoordinateReferenceSystem laea = crs.createFromParameters("EPSG:3035", PARAMETERS);
    CoordinateTransformFactory f = new CoordinateTransformFactory();
    forward = f.createTransform(lonLat, laea);
    inverse = f.createTransform(laea, lonLat);
  }

  /** {x (easting), y (northing)} in metres. */
  double[] project(double lon, double lat) {
    in.x = lon;
    in.y = lat;
    forward.transform(in, out);
    return new double[] {out.x, out.y};
  }

  /** {lon, lat} of a projected point. */
  double[] unproject(double x, double y) {
    in.x = x;
    in.y = y;
    inverse.transform(in, out);
    return new double[] {out.x, out.y};
  }
}
