package io.privflow.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.regions.GeoJsonRegions;
import io.privflow.regions.Region;
import io.privflow.regions.RegionSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

class RegionsTest {
  @TempDir static Path dir;
  static RegionSet regions;

  @BeforeAll
  static void generate() throws Exception {
    GeneratedData.generate(dir, 30, 2, 42);
    List<String> warnings = new ArrayList<>();
    regions = GeoJsonRegions.load(dir.resolve("regions.geojson"), "id", "name", warnings::add);
    assertEquals(List.of(), warnings, "the loader had to repair a geometry");
  }

  @Test
  void twelveValidNamedRegionsInsidePrivland() {
    assertEquals(12, regions.size());
    for (Region r : regions.regions()) {
      assertTrue(r.id().matches("R\\d\\d"), r.id());
      assertTrue(!r.name().equals(r.id()), "region " + r.id() + " has no name");
      Geometry g = r.geometry();
      assertTrue(g instanceof Polygon || g instanceof MultiPolygon, r.id());
      assertTrue(g.isValid(), r.id() + " is invalid");
      var e = g.getEnvelopeInternal();
      assertTrue(e.getMinX() >= 8.5 && e.getMaxX() <= 13 && e.getMinY() >= 54.7 && e.getMaxY() <= 57.3, r.id());
    }
  }

  @Test
  void regionsDoNotOverlap() {
    List<Region> list = regions.regions();
    double total = 0;
    for (int i = 0; i < list.size(); i++) {
      total += list.get(i).geometry().getArea();
      for (int j = i + 1; j < list.size(); j++) {
        Geometry a = list.get(i).geometry();
        Geometry b = list.get(j).geometry();
        if (a.getEnvelopeInternal().intersects(b.getEnvelopeInternal())) {
          double overlap = OverlayNGRobust.overlay(a, b, org.locationtech.jts.operation.overlayng.OverlayNG.INTERSECTION).getArea();
          assertTrue(overlap < 1e-9, list.get(i).id() + " overlaps " + list.get(j).id() + " by " + overlap);
        }
      }
    }
    // No overlaps and no slivers: the union's area is the sum of the areas.
    Geometry union = OverlayNGRobust.union(list.stream().map(Region::geometry).toList());
    assertEquals(total, union.getArea(), 1e-8);
  }

  @Test
  void everyTowerIsStrictlyInsideExactlyOneRegion() throws Exception {
    GeometryFactory f = new GeometryFactory();
    List<Map<String, String>> cells = GeneratedData.csv(dir.resolve("cells.csv"));
    assertTrue(cells.size() >= 12 * 4);
    for (Map<String, String> c : cells) {
      Point p = f.createPoint(new Coordinate(Double.parseDouble(c.get("lon")), Double.parseDouble(c.get("lat"))));
      long inside = regions.regions().stream().filter(r -> r.geometry().contains(p)).count();
      long touching = regions.regions().stream().filter(r -> r.geometry().intersects(p)).count();
      assertEquals(1, inside, "tower " + c.get("cell_id"));
      assertEquals(1, touching, "tower " + c.get("cell_id") + " is on a border");
    }
  }

  @Test
  void everyRegionHasFourToEightTowers() throws Exception {
    GeometryFactory f = new GeometryFactory();
    List<Map<String, String>> cells = GeneratedData.csv(dir.resolve("cells.csv"));
    for (Region r : regions.regions()) {
      long towers = cells.stream()
          .filter(c -> c.get("valid_from").isEmpty() || !c.get("valid_from").startsWith("2020"))
          .filter(c -> r.geometry().contains(
              f.createPoint(new Coordinate(Double.parseDouble(c.get("lon")), Double.parseDouble(c.get("lat"))))))
          .count();
      assertTrue(towers >= 4 && towers <= 8, r.id() + " has " + towers + " towers");
    }
  }
}
