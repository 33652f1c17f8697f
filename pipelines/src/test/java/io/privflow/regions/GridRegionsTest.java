package io.privflow.regions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import io.privflow.request.Grid;
import io.privflow.request.GridSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

/** A grid's region set: its cells, ids, order and digest, and the grid's own locator against the cells' polygons. */
class GridRegionsTest {
  @TempDir Path dir;
  private final List<String> warnings = new ArrayList<>();

  /** A one-feature area file with this ring of [lon, lat] positions (closed here). */
  private Path area(double[]... ring) throws Exception {
    StringBuilder b = new StringBuilder();
    for (double[] p : ring) {
      b.append('[').append(p[0]).append(',').append(p[1]).append("],");
    }
    b.append('[').append(ring[0][0]).append(',').append(ring[0][1]).append(']');
    Path f = dir.resolve("area-" + Math.abs(b.toString().hashCode()) + ".geojson");
    Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
        + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[" + b + "]]}}]}");
    return f;
  }

  private static final double[][] SQUARE = {{10.0, 55.0}, {10.6, 55.0}, {10.6, 55.4}, {10.0, 55.4}};

  private RegionSet h3(int resolution, Path area) {
    return GridRegions.build(new Grid(GridSystem.H3, resolution, null, area), "test", warnings::add);
  }

  @Test
  void anH3GridHoldsExactlyTheCellsOfPolygonToCellsInIdOrder() throws Exception {
    RegionSet set = h3(7, area(SQUARE));
    H3Core h3 = H3Core.newInstance();
    List<LatLng> ring = new ArrayList<>();
    for (double[] p : SQUARE) {
      ring.add(new LatLng(p[1], p[0]));
    }
    List<String> expected = h3.polygonToCells(ring, List.of(), 7).stream().map(h3::h3ToString).sorted().toList();
    assertEquals(expected, set.regions().stream().map(Region::id).toList());
    assertTrue(expected.size() > 300, "about 1,000 km² of res-7 cells (5.2 km² each): " + expected.size());
    assertEquals(set.get(0).id(), set.get(0).name());
    assertEquals(7, set.get(0).geometry().getNumPoints(), "a hexagon, its ring closed");
    assertEquals(new GridCells(GridSystem.H3, 7), set.grid());
  }

  /** The corners (lon, lat) of the rectangle x 4,301,000..4,349,000 m, y 3,602,000..3,638,000 m in EPSG:3035. */
  private static double[][] laeaRectangle() {
    Laea laea = new Laea();
    double[][] corners = {{4_301_000, 3_602_000}, {4_349_000, 3_602_000}, {4_349_000, 3_638_000},
        {4_301_000, 3_638_000}};
    double[][] ring = new double[4][];
    for (int i = 0; i < 4; i++) {
      ring[i] = laea.unproject(corners[i][0], corners[i][1]);
    }
    return ring;
  }

  /**
   * A rectangle whose corners are chosen in EPSG:3035 (x 4,301,000..4,349,000 m, y 3,602,000..3,638,000 m): the
   * centres of the 10 km cells inside are x = 4,305,000..4,345,000 (5 columns, E430..E434) and y =
   * 3,605,000..3,635,000 (4 rows, N360..N363), none on the edge: 20 cells.
   */
  @Test
  void anLaeaGridOverARectangleChosenInTheProjectionHasTheHandCountedCells() throws Exception {
    double[][] ring = laeaRectangle();
    RegionSet set = GridRegions.build(new Grid(GridSystem.ETRS89_LAEA, null, 10000, area(ring)), "t", warnings::add);
    assertEquals(20, set.size());
    List<String> ids = set.regions().stream().map(Region::id).toList();
    assertEquals("10kmN360E430", ids.get(0));
    assertEquals("10kmN363E434", ids.get(19));
    assertEquals(ids.stream().sorted().toList(), ids, "ordered by id");
    // 1 km cells over the same rectangle: 48 columns x 36 rows
    RegionSet km = GridRegions.build(new Grid(GridSystem.ETRS89_LAEA, null, 1000, area(ring)), "t", warnings::add);
    assertEquals(48 * 36, km.size());
    assertEquals("1kmN3602E4301", km.get(0).id());
  }

  /** EPSG:3035's natural origin (10°E, 52°N) is its false easting and northing, and a point goes there and back. */
  @Test
  void theProjectionIsEpsg3035() {
    Laea laea = new Laea();
    double[] origin = laea.project(10, 52);
    assertEquals(4_321_000, origin[0], 1e-6);
    assertEquals(3_210_000, origin[1], 1e-6);
    double[] back = laea.unproject(laea.project(12.5697, 55.6759)[0], laea.project(12.5697, 55.6759)[1]);
    assertEquals(12.5697, back[0], 1e-9);
    assertEquals(55.6759, back[1], 1e-9);
  }

  @Test
  void theDigestNamesTheGridAndTheAreaFile() throws Exception {
    Path a = area(SQUARE);
    RegionSet seven = h3(7, a);
    assertEquals(new Grid(GridSystem.H3, 7, null, a).sha256(), seven.sha256());
    assertNotEquals(seven.sha256(), h3(6, a).sha256(), "another resolution");
    Path other = area(new double[] {10.0, 55.0}, new double[] {10.6, 55.0}, new double[] {10.6, 55.5},
        new double[] {10.0, 55.5});
    assertNotEquals(seven.sha256(), h3(7, other).sha256(), "another area");
    assertNotEquals(seven.sha256(), io.privflow.files.Digests.sha256(a), "not the area file's own digest");
  }

  /**
   * The locator (latLngToCell, or the projection floored) agrees with the cells' polygons: of 20,000 seeded
   * random points, each located point lies in its cell's polygon (within 1e-6 degrees, about 0.1 m: the polygons'
   * edges are straight in lon/lat, the grids' are not quite), and a point in no cell's polygon is outside.
   */
  @Test
  void theLocatorAgreesWithTheCellPolygons() throws Exception {
    double[][] ring = laeaRectangle();
    for (RegionSet set : List.of(h3(7, area(SQUARE)),
        GridRegions.build(new Grid(GridSystem.ETRS89_LAEA, null, 1000, area(ring)), "t", warnings::add))) {
      RegionIndex index = new RegionIndex(set);
      RegionIndex polygons = new RegionIndex(new RegionSet(set.name(), set.regions(), set.sha256()));
      var box = new GeometryFactory().buildGeometry(set.regions().stream().map(Region::geometry).toList())
          .getEnvelopeInternal();
      Random random = new Random(42);
      GeometryFactory f = new GeometryFactory();
      int inside = 0;
      for (int i = 0; i < 10_000; i++) {
        double lon = box.getMinX() - 0.01 + random.nextDouble() * (box.getWidth() + 0.02);
        double lat = box.getMinY() - 0.01 + random.nextDouble() * (box.getHeight() + 0.02);
        int cell = index.locate(lat, lon);
        Point p = f.createPoint(new Coordinate(lon, lat));
        if (cell >= 0) {
          inside++;
          assertTrue(set.get(cell).geometry().distance(p) < 1e-6, set.name() + ": point " + i);
        } else {
          int byPolygon = polygons.locate(lat, lon);
          assertTrue(byPolygon < 0 || set.get(byPolygon).geometry().getBoundary().distance(p) < 1e-6,
              set.name() + ": point " + i + " outside the grid but inside cell " + byPolygon);
        }
      }
      assertTrue(inside > 5_000, set.grid() + ": " + inside + " of 10,000 points in a cell");
    }
  }

  @Test
  void anAreaWithoutPolygonsIsRefused() throws Exception {
    Path empty = dir.resolve("empty.geojson");
    Files.writeString(empty, "{\"type\":\"FeatureCollection\",\"features\":[]}");
    var e = assertThrows(RegionFileException.class, () -> h3(5, empty));
    assertEquals("regions.grid.area: empty.geojson holds no Polygon or MultiPolygon feature; the grid needs an area",
        e.getMessage());
  }

  @Test
  void anAreaOfZeroSizeIsRefused() throws Exception {
    Path flat = area(new double[] {10, 55}, new double[] {11, 55}, new double[] {12, 55});
    var e = assertThrows(RegionFileException.class, () -> h3(5, flat));
    assertTrue(e.getMessage().endsWith("feature #1: the polygon has zero area; an area must enclose some ground"),
        e.getMessage());
  }

  @Test
  void anAreaHoldingNoCellCentreIsRefused() throws Exception {
    // about 110 m x 64 m: no res-3 cell (12,000 km²) has its centre there
    Path tiny = area(new double[] {10.0, 55.0}, new double[] {10.001, 55.0}, new double[] {10.001, 55.001},
        new double[] {10.0, 55.001});
    var e = assertThrows(RegionFileException.class, () -> h3(3, tiny));
    assertEquals("regions.grid: no cell of h3 resolution 3 has its centre inside the area of " + tiny.getFileName()
        + "; use a finer grid or a larger area", e.getMessage());
  }

  /** A sliver from Madeira to the Urals: almost no area, but its projected envelope holds about 18 million 1 km cells. */
  @Test
  void anLaeaAreaSpanningTooManyCellsIsRefused() throws Exception {
    Path sliver = area(new double[] {-20, 35}, new double[] {40, 70}, new double[] {40.001, 70});
    var e = assertThrows(RegionFileException.class,
        () -> GridRegions.build(new Grid(GridSystem.ETRS89_LAEA, null, 1000, sliver), "t", warnings::add));
    assertTrue(e.getMessage().startsWith("regions.grid: a polygon of the area spans more than 12500000 cells"),
        e.getMessage());
  }

  @Test
  void aGridOfTooManyCellsIsRefusedBeforeItIsEnumerated() throws Exception {
    // 0.6 x 0.4 degrees at res 15 (0.9 m² cells): about 10^9 cells
    var e = assertThrows(RegionFileException.class, () -> h3(15, area(SQUARE)));
    assertTrue(e.getMessage().contains("more than the 250000 a grid may have"), e.getMessage());
  }

  @Test
  void coverageWeightsOverH3CellsSplitAFootprintByArea() throws Exception {
    // H3 cells' shared edges are computed per cell, so a footprint's remainder can touch the next cell
    // along a line: the intersection then mixes a polygon with lines, which JTS refuses to subtract
    // (found by DenmarkCliTest). Every tower of a 25-point lattice, circles of 2-8 km and sectors.
    RegionSet set = h3(7, area(SQUARE));
    CoverageWeights w = new CoverageWeights(set);
    // The same cells as a plain region set: parts taken out of the remainder one by one. The grid's
    // shortcut (cells are disjoint, so no remainder) must give the same weights, to a unit or two.
    CoverageWeights plain = new CoverageWeights(new RegionSet("plain", set.regions(), set.sha256()));
    for (int i = 0; i < 25; i++) {
      double lat = 55.05 + 0.3 * (i / 5) / 4;
      double lon = 10.05 + 0.5 * (i % 5) / 4;
      for (double range : new double[] {2000, 8000}) {
        CellHistory.Shares circle = w.of(lat, lon, range, Double.NaN, Double.NaN);
        CellHistory.Shares sector = w.of(lat, lon, range, (i * 47) % 360, 120);
        CellHistory.Shares plainCircle = plain.of(lat, lon, range, Double.NaN, Double.NaN);
        assertEquals(java.util.Arrays.toString(plainCircle.regions()), java.util.Arrays.toString(circle.regions()));
        for (int k = 0; k < circle.weights().length; k++) {
          assertTrue(Math.abs(circle.weights()[k] - plainCircle.weights()[k]) <= 2, circle + " vs " + plainCircle);
        }
        for (CellHistory.Shares s : List.of(circle, sector)) {
          assertEquals(CoverageWeights.UNIT, java.util.Arrays.stream(s.weights()).sum(), s.toString());
          assertTrue(s.regions().length > 1, "a footprint of kilometres covers several cells of about 5 km2");
        }
      }
    }
    // A 2 km circle inside the square covers about pi * 4 km2 over cells of about 5.2 km2: no outside share.
    CellHistory.Shares mid = w.of(55.2, 10.3, 2000, Double.NaN, Double.NaN);
    assertTrue(java.util.Arrays.stream(mid.regions()).allMatch(r -> r >= 0), mid.toString());
  }
}
