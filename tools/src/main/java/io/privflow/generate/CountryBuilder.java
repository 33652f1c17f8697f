package io.privflow.generate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.util.GeometryTransformer;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Draws Privland: a wobbly, coast-like outline around lon 9..12.5, lat 55..57 with one island off
 * the east coast, cut into regions by the Voronoi cells of seeded town sites.
 *
 * <p>Every coordinate is put on the 6-decimal grid <em>before</em> the cells are clipped to the
 * outline, and the clipping runs with that grid as its precision model (snap-rounding). So shared
 * borders come out identical in both neighbours, the regions tile the country without gaps or
 * overlaps, and what is written (6 decimals) is exactly what was validated.
 */
final class CountryBuilder {
  static final int REGION_COUNT = 12;
  static final PrecisionModel GRID = new PrecisionModel(1e6);

  /** Invented Danish-sounding town names; region i is named after its town. */
  private static final String[] NAMES = {
    "Nørreby", "Vesterhavn", "Skovlund", "Østermark", "Bakkekøbing", "Strandholm",
    "Lyngvig", "Egeskov", "Fjordsted", "Hedelund", "Søborg", "Klintemose"
  };

  private final Draw draw;

  CountryBuilder(long seed) {
    this.draw = new Draw(Seeds.stream(seed, Seeds.Purpose.COUNTRY));
  }

  Country build() {
    Geometry outline = outline();
    List<Coordinate> towns = towns(outline);
    double[] weights = new double[towns.size()];
    for (int i = 0; i < weights.length; i++) {
      // Town sizes are skewed: one or two cities, many small towns.
      weights[i] = draw.logNormal(1.0, 0.8);
    }
    Geometry cells = voronoi(towns, outline.getEnvelopeInternal());
    List<SynthRegion> regions = new ArrayList<>();
    for (int i = 0; i < towns.size(); i++) {
      Geometry cell = cellOf(cells, towns.get(i));
      Geometry g = OverlayNG.overlay(snap(cell), outline, OverlayNG.INTERSECTION, GRID);
      g = polygonal(g);
      if (g.isEmpty() || !g.isValid()) {
        throw new IllegalStateException("region " + (i + 1) + " came out empty or invalid");
      }
      regions.add(new SynthRegion(i, String.format(java.util.Locale.ROOT, "R%02d", i + 1), NAMES[i], towns.get(i), weights[i], g));
    }
    return new Country(outline, regions);
  }

  /** Mainland (a star-shaped polygon with a smooth, seeded wobble) plus one island, on the grid. */
  private Geometry outline() {
    Polygon mainland = blob(10.72, 56.0, 1.45, 0.80, 64, 0.13);
    Polygon island = blob(12.15, 55.32, 0.22, 0.13, 24, 0.10);
    Geometry land = snap(mainland).union(snap(island));
    land = OverlayNG.overlay(land, Country.FACTORY.createPolygon(), OverlayNG.UNION, GRID);
    if (!land.isValid()) {
      throw new IllegalStateException("the outline is invalid");
    }
    return land;
  }

  /**
   * A closed "coast": radius as a sum of a few seeded sinusoids around an ellipse. Being star-shaped
   * around its centre (angles increase monotonically), the ring never self-intersects.
   */
  private Polygon blob(double lon, double lat, double rx, double ry, int n, double wobble) {
    double p1 = draw.uniform(0, 2 * Math.PI);
    double p2 = draw.uniform(0, 2 * Math.PI);
    double p3 = draw.uniform(0, 2 * Math.PI);
    Coordinate[] ring = new Coordinate[n + 1];
    for (int i = 0; i < n; i++) {
      double a = 2 * Math.PI * i / n;
      double r = 1 + wobble * (Math.sin(2 * a + p1) + 0.7 * Math.sin(3 * a + p2) + 0.4 * Math.sin(7 * a + p3))
          + draw.uniform(-0.03, 0.03);
      r = Math.max(0.45, Math.min(1.2, r));
      ring[i] = new Coordinate(lon + rx * r * Math.cos(a), lat + ry * r * Math.sin(a));
    }
    ring[n] = ring[0].copy();
    return Country.FACTORY.createPolygon(ring);
  }

  /** Town sites on land, kept apart so no region is a sliver. */
  private List<Coordinate> towns(Geometry outline) {
    Country probe = new Country(outline, List.of());
    Envelope e = outline.getEnvelopeInternal();
    List<Coordinate> towns = new ArrayList<>();
    double minKm = 45;
    int tries = 0;
    while (towns.size() < REGION_COUNT) {
      if (++tries % 2000 == 0) {
        minKm *= 0.9; // relax the spacing rather than loop forever
      }
      Coordinate c = new Coordinate(
          Geo.round6(draw.uniform(e.getMinX(), e.getMaxX())), Geo.round6(draw.uniform(e.getMinY(), e.getMaxY())));
      if (!probe.onLand(c, 8)) {
        continue;
      }
      boolean farEnough = true;
      for (Coordinate t : towns) {
        farEnough &= Geo.km(c, t) >= minKm;
      }
      if (farEnough) {
        towns.add(c);
      }
    }
    // The island usually gets no town of its own: it joins the region(s) across the strait, which
    // then are MultiPolygons, as real regions with islands are.
    return towns;
  }

  private static Geometry voronoi(List<Coordinate> towns, Envelope outlineEnvelope) {
    VoronoiDiagramBuilder b = new VoronoiDiagramBuilder();
    b.setSites(towns);
    Envelope clip = new Envelope(outlineEnvelope);
    clip.expandBy(1.0);
    b.setClipEnvelope(clip);
    return b.getDiagram(Country.FACTORY);
  }

  /** The Voronoi cell of a site (JTS stores the site coordinate as each cell's user data). */
  private static Geometry cellOf(Geometry cells, Coordinate town) {
    Map<Coordinate, Geometry> bySite = new HashMap<>();
    for (int i = 0; i < cells.getNumGeometries(); i++) {
      Geometry g = cells.getGeometryN(i);
      bySite.put((Coordinate) g.getUserData(), g);
    }
    Geometry g = bySite.get(town);
    if (g == null) {
      throw new IllegalStateException("no Voronoi cell for a town site");
    }
    return g;
  }

  /** Rounds every vertex to the grid. Identical input vertices (shared borders) round identically. */
  static Geometry snap(Geometry g) {
    return new GeometryTransformer() {
      @Override
      protected org.locationtech.jts.geom.CoordinateSequence transformCoordinates(
          org.locationtech.jts.geom.CoordinateSequence coords, Geometry parent) {
        var copy = coords.copy();
        for (int i = 0; i < copy.size(); i++) {
          copy.setOrdinate(i, 0, Geo.round6(copy.getX(i)));
          copy.setOrdinate(i, 1, Geo.round6(copy.getY(i)));
        }
        return copy;
      }
    }.transform(g);
  }

  /** Keeps the areal part of an overlay result as a Polygon or MultiPolygon. */
  private static Geometry polygonal(Geometry g) {
    if (g instanceof Polygon || g instanceof MultiPolygon) {
      return g;
    }
    List<Polygon> parts = new ArrayList<>();
    for (int i = 0; i < g.getNumGeometries(); i++) {
      if (g.getGeometryN(i) instanceof Polygon p && !p.isEmpty()) {
        parts.add(p);
      }
    }
    return parts.size() == 1 ? parts.get(0) : Country.FACTORY.createMultiPolygon(parts.toArray(new Polygon[0]));
  }
}
