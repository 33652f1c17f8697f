package io.privflow.regions;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * A cell's footprint: a circle of its range around the tower, or a sector (the tower and the arc
 * from azimuth - beamwidth / 2 to azimuth + beamwidth / 2, bearings clockwise from north; a
 * beamwidth of 360 is the circle). It is drawn in metres in a local frame around the tower (x east,
 * y north: the equirectangular projection centred on the tower), which is an affine map of
 * longitude and latitude, so straight edges stay straight both ways and area ratios are the same
 * in either frame.
 *
 * <p>Polygonisation: {@link #SEGMENTS} chords per full turn; a regular 256-gon has 0.01 % less area
 * than its circle (1.004e-4 of it), and a sector's chords are spread symmetrically about its azimuth. Not meant
 * for cells within a range of the antimeridian or the poles (the frame assumes small longitudes
 * differences and cos(lat) well above 0).
 */
public final class Footprint {
  /** Chords per full circle. */
  public static final int SEGMENTS = 256;
  /** Mean Earth radius, metres (IUGG). */
  static final double EARTH_RADIUS_M = 6_371_008.8;

  private Footprint() {}

  /**
   * The footprint in the tower's metric frame: a circle when {@code beamwidthDeg} is NaN or 360,
   * else a sector centred on {@code azimuthDeg}.
   */
  public static Polygon metric(GeometryFactory f, double rangeM, double azimuthDeg, double beamwidthDeg) {
    boolean circle = Double.isNaN(beamwidthDeg) || beamwidthDeg >= 360;
    if (circle) {
      Coordinate[] ring = new Coordinate[SEGMENTS + 1];
      for (int k = 0; k < SEGMENTS; k++) {
        ring[k] = atBearing(rangeM, 360.0 * k / SEGMENTS);
      }
      ring[SEGMENTS] = ring[0].copy();
      return f.createPolygon(ring);
    }
    int n = Math.max(2, (int) Math.ceil(SEGMENTS * beamwidthDeg / 360.0));
    Coordinate[] ring = new Coordinate[n + 3];
    ring[0] = new Coordinate(0, 0);
    double from = azimuthDeg - beamwidthDeg / 2;
    for (int k = 0; k <= n; k++) {
      ring[k + 1] = atBearing(rangeM, from + beamwidthDeg * k / n);
    }
    ring[n + 2] = new Coordinate(0, 0);
    return f.createPolygon(ring);
  }

  private static Coordinate atBearing(double r, double bearingDeg) {
    double t = Math.toRadians(bearingDeg);
    return new Coordinate(r * Math.sin(t), r * Math.cos(t));
  }

  /** The map from the tower's metric frame (x east, y north, metres) to (lon, lat) degrees. */
  public static AffineTransformation toLonLat(double lat, double lon) {
    double ky = Math.toDegrees(1 / EARTH_RADIUS_M);
    double kx = ky / Math.cos(Math.toRadians(lat));
    return new AffineTransformation(kx, 0, lon, 0, ky, lat);
  }
}
