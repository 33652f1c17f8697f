package io.privflow.regions;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import io.privflow.files.Digests;
import io.privflow.request.Grid;
import io.privflow.request.GridSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * The region set of a grid ({@code regions.grid}), built once on the driver before any data is
 * read: every cell whose centre lies in the area (the union of the area file's polygons), ordered
 * by id. An H3 cell's id is its address ({@code 871f05a2bffffff}), found with H3's
 * {@code polygonToCells}; a cell of the European statistical grid has its INSPIRE id
 * ({@code 1kmN3617E4321}: the lower-left corner's northing and easting in cell units), found by
 * projecting the area to EPSG:3035 (its vertices; edges stay straight in the projection) and
 * testing the centre of every cell of each polygon's projected envelope. A cell's geometry is its
 * polygon in lon/lat (an LAEA cell by its four corners). The name of a cell is its id.
 */
public final class GridRegions {
  /**
   * The most cells a grid may have. Every cell's polygon travels with the region set to each worker
   * (H3 resolution 7 over Denmark, 10,372 cells, serialises to 2.8 MiB: about 280 bytes a cell), so
   * the set must stay small; H3 resolution 8 over Denmark is about 73,000 cells.
   */
  public static final int MAX_CELLS = 250_000;
  /** The most cell centres tested per polygon of an LAEA area (its projected envelope): a long thin area is refused. */
  static final long MAX_ENVELOPE_CELLS = 50L * MAX_CELLS;
  private static final double KM_PER_DEGREE = 111.32;

  private GridRegions() {}

  /**
   * @param set the region set's name
   * @throws RegionFileException when the area holds no polygon or no cell of the grid, or too many cells
   */
  public static RegionSet build(Grid grid, String set, Consumer<String> warnings) {
    Path area = grid.area();
    List<Polygon> polygons = GeoJsonRegions.polygons(area, warnings);
    if (polygons.isEmpty()) {
      throw new RegionFileException("regions.grid.area: " + area.getFileName() + " holds no Polygon or MultiPolygon"
          + " feature; the grid needs an area");
    }
    double cellKm2 = grid.system() == GridSystem.H3 ? h3CellKm2(grid.resolution())
        : Math.pow(grid.cellMetres() / 1000.0, 2);
    double estimate = areaKm2(polygons) / cellKm2;
    if (estimate > 2.0 * MAX_CELLS) {
      throw new RegionFileException("regions.grid: about " + Math.round(estimate) + " cells of " + grid.describe()
          + " lie in " + area.getFileName() + ", more than the " + MAX_CELLS + " a grid may have; use a coarser grid"
          + " or a smaller area");
    }
    List<Region> cells = grid.system() == GridSystem.H3 ? h3(polygons, grid.resolution())
        : laea(polygons, grid.cellMetres());
    if (cells.isEmpty()) {
      throw new RegionFileException("regions.grid: no cell of " + grid.describe() + " has its centre inside the area"
          + " of " + area.getFileName() + "; use a finer grid or a larger area");
    }
    if (cells.size() > MAX_CELLS) {
      throw new RegionFileException("regions.grid: " + cells.size() + " cells of " + grid.describe() + " lie in "
          + area.getFileName() + ", more than the " + MAX_CELLS + " a grid may have");
    }
    cells.sort(Comparator.comparing(Region::id));
    String sha;
    try {
      sha = Grid.sha256(grid, Digests.sha256(area));
    } catch (IOException e) {
      throw new RegionFileException("cannot read area file " + area);
    }
    int level = grid.system() == GridSystem.H3 ? grid.resolution() : grid.cellMetres();
    return new RegionSet(set, cells, sha, new GridCells(grid.system(), level));
  }

  private static double h3CellKm2(int resolution) {
    return h3().getHexagonAreaAvg(resolution, com.uber.h3core.AreaUnit.km2);
  }

  /** The area in km², roughly (degrees² scaled at each polygon's latitude): only to refuse huge grids early. */
  private static double areaKm2(List<Polygon> polygons) {
    double sum = 0;
    for (Polygon p : polygons) {
      double lat = p.getEnvelopeInternal().centre().y;
      sum += p.getArea() * KM_PER_DEGREE * KM_PER_DEGREE * Math.cos(Math.toRadians(lat));
    }
    return sum;
  }

  static H3Core h3() {
    try {
      return H3Core.newInstance();
    } catch (IOException | UnsatisfiedLinkError e) {
      throw new RegionFileException("the H3 library cannot be loaded on this machine (" + e.getClass().getSimpleName()
          + "); H3 grids are not available here");
    }
  }

  private static List<Region> h3(List<Polygon> polygons, int resolution) {
    H3Core h3 = h3();
    Set<Long> found = new HashSet<>();
    for (Polygon p : polygons) {
      List<List<LatLng>> holes = new ArrayList<>();
      for (int i = 0; i < p.getNumInteriorRing(); i++) {
        holes.add(latLngs(p.getInteriorRingN(i).getCoordinates()));
      }
      found.addAll(h3.polygonToCells(latLngs(p.getExteriorRing().getCoordinates()), holes, resolution));
    }
    GeometryFactory f = new GeometryFactory();
    List<Region> out = new ArrayList<>(found.size());
    for (long cell : found) {
      List<LatLng> boundary = h3.cellToBoundary(cell);
      Coordinate[] ring = new Coordinate[boundary.size() + 1];
      for (int i = 0; i < boundary.size(); i++) {
        ring[i] = new Coordinate(boundary.get(i).lng, boundary.get(i).lat);
      }
      ring[boundary.size()] = ring[0];
      String id = h3.h3ToString(cell);
      out.add(new Region(id, id, f.createPolygon(ring)));
    }
    return out;
  }

  private static List<LatLng> latLngs(Coordinate[] ring) {
    List<LatLng> out = new ArrayList<>(ring.length);
    for (Coordinate c : ring) {
      out.add(new LatLng(c.y, c.x));
    }
    return out;
  }

  private static List<Region> laea(List<Polygon> polygons, int cellMetres) {
    Laea laea = new Laea();
    GeometryFactory f = new GeometryFactory();
    Set<Long> found = new HashSet<>();
    for (Polygon p : polygons) {
      Polygon projected = project(p, laea, f);
      PreparedGeometry inside = PreparedGeometryFactory.prepare(projected);
      Envelope box = projected.getEnvelopeInternal();
      long n0 = (long) Math.floor(box.getMinY() / cellMetres);
      long n1 = (long) Math.floor(box.getMaxY() / cellMetres);
      long e0 = (long) Math.floor(box.getMinX() / cellMetres);
      long e1 = (long) Math.floor(box.getMaxX() / cellMetres);
      if ((n1 - n0 + 1) * (e1 - e0 + 1) > MAX_ENVELOPE_CELLS) {
        throw new RegionFileException("regions.grid: a polygon of the area spans more than " + MAX_ENVELOPE_CELLS
            + " cells of " + cellMetres + " m from corner to corner; use a smaller area or the 10 km grid");
      }
      for (long n = n0; n <= n1; n++) {
        for (long e = e0; e <= e1; e++) {
          Coordinate centre = new Coordinate((e + 0.5) * cellMetres, (n + 0.5) * cellMetres);
          if (inside.covers(f.createPoint(centre))) {
            found.add(GridLocator.laeaKey(n, e));
          }
        }
      }
    }
    List<Region> out = new ArrayList<>(found.size());
    for (long key : found) {
      long n = GridLocator.northing(key);
      long e = GridLocator.easting(key);
      Coordinate[] ring = new Coordinate[5];
      long[][] corners = {{e, n}, {e + 1, n}, {e + 1, n + 1}, {e, n + 1}};
      for (int i = 0; i < 4; i++) {
        double[] ll = laea.unproject(corners[i][0] * (double) cellMetres, corners[i][1] * (double) cellMetres);
        ring[i] = new Coordinate(ll[0], ll[1]);
      }
      ring[4] = ring[0];
      String id = GridLocator.laeaId(cellMetres, n, e);
      out.add(new Region(id, id, f.createPolygon(ring)));
    }
    return out;
  }

  private static Polygon project(Polygon p, Laea laea, GeometryFactory f) {
    LinearRing shell = ring(p.getExteriorRing().getCoordinates(), laea, f);
    LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
    for (int i = 0; i < holes.length; i++) {
      holes[i] = ring(p.getInteriorRingN(i).getCoordinates(), laea, f);
    }
    return f.createPolygon(shell, holes);
  }

  private static LinearRing ring(Coordinate[] lonLat, Laea laea, GeometryFactory f) {
    Coordinate[] out = new Coordinate[lonLat.length];
    for (int i = 0; i < lonLat.length; i++) {
      double[] xy = laea.project(lonLat[i].x, lonLat[i].y);
      out[i] = new Coordinate(xy[0], xy[1]);
    }
    return f.createLinearRing(out);
  }
}
