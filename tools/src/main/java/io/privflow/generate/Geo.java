package io.privflow.generate;

import java.math.BigDecimal;
import org.locationtech.jts.geom.Coordinate;

/**
 * Flat-earth geometry, good enough at Privland's scale (a few hundred km at latitude 56): distances
 * in km and offsets in km converted to degrees.
 */
final class Geo {
  private Geo() {}

  static final double KM_PER_DEG_LAT = 110.57;
  /** km per degree of longitude at the country's mean latitude (56°N). */
  static final double KM_PER_DEG_LON = 111.32 * Math.cos(Math.toRadians(56.0));

  static double km(double lon1, double lat1, double lon2, double lat2) {
    double dx = (lon2 - lon1) * KM_PER_DEG_LON;
    double dy = (lat2 - lat1) * KM_PER_DEG_LAT;
    return Math.sqrt(dx * dx + dy * dy);
  }

  static double km(Coordinate a, Coordinate b) {
    return km(a.x, a.y, b.x, b.y);
  }

  /** The point {@code dxKm} east and {@code dyKm} north of (lon, lat), as a lon/lat coordinate. */
  static Coordinate offset(double lon, double lat, double dxKm, double dyKm) {
    return new Coordinate(lon + dxKm / KM_PER_DEG_LON, lat + dyKm / KM_PER_DEG_LAT);
  }

  /** Degrees rounded to 6 decimals (about 0.1 m): the precision of every written coordinate. */
  static double round6(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /**
   * Plain decimal text of a double, shortest form that reads back as the same double, always with
   * a decimal point ("0.0", "56.123456"), never scientific notation.
   */
  static String text(double v) {
    String s = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    return s.indexOf('.') < 0 ? s + ".0" : s;
  }
}
