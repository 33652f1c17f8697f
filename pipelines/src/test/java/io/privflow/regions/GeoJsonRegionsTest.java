package io.privflow.regions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoJsonRegionsTest {
  @TempDir Path dir;

  private Path write(String features) throws Exception {
    Path f = dir.resolve("r.geojson");
    Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}");
    return f;
  }

  private static String square(String props, double x) {
    return "{\"type\":\"Feature\",\"properties\":{" + props + "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["
        + x + ",0],[" + (x + 1) + ",0],[" + (x + 1) + ",1],[" + x + ",1],[" + x + ",0]]]}}";
  }

  @Test
  void loadsIdsNamesAndPolygonsInFileOrder() {
    RegionSet rs = GeoJsonRegions.load(Fixtures.tiny("regions.geojson"), "id", "name", w -> {});
    assertEquals(List.of("A", "B", "C"), rs.regions().stream().map(Region::id).toList());
    assertEquals("Gamma", rs.get(2).name());
    assertEquals(64, rs.sha256().length());
  }

  @Test
  void idComesFromTheConfiguredPropertyOrTheFeatureId() throws Exception {
    Path f = write(square("\"code\":\"K1\"", 0) + ","
        + square("\"x\":1", 2).replace("{\"type\":\"Feature\",", "{\"type\":\"Feature\",\"id\":\"K2\","));
    RegionSet rs = GeoJsonRegions.load(f, "code", "name", w -> {});
    assertEquals(List.of("K1", "K2"), rs.regions().stream().map(Region::id).toList());
  }

  @Test
  void regionWithoutIdIsAnErrorNamingTheFeature() throws Exception {
    Path f = write(square("\"id\":\"A\"", 0) + "," + square("\"name\":\"x\"", 2));
    var e = assertThrows(RegionFileException.class, () -> GeoJsonRegions.load(f, "id", "name", w -> {}));
    assertTrue(e.getMessage().contains("feature #2 has no id"), e.getMessage());
  }

  @Test
  void duplicateIdsAreRefused() throws Exception {
    Path f = write(square("\"id\":\"A\"", 0) + "," + square("\"id\":\"A\"", 2));
    assertThrows(RegionFileException.class, () -> GeoJsonRegions.load(f, "id", "name", w -> {}));
  }

  @Test
  void selfIntersectingPolygonIsRepairedWithAWarningNamingTheRegion() throws Exception {
    Path f = write("{\"type\":\"Feature\",\"properties\":{\"id\":\"bow\"},\"geometry\":{\"type\":\"Polygon\","
        + "\"coordinates\":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}}");
    List<String> warnings = new ArrayList<>();
    RegionSet rs = GeoJsonRegions.load(f, "id", "name", warnings::add);
    assertTrue(rs.get(0).geometry().isValid());
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("id bow"), warnings.get(0));
  }

  @Test
  void nonPolygonGeometryAndInvalidJsonAreClearErrors() throws Exception {
    Path f = write("{\"type\":\"Feature\",\"properties\":{\"id\":\"p\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[0,0]}}");
    assertTrue(assertThrows(RegionFileException.class, () -> GeoJsonRegions.load(f, "id", "name", w -> {}))
        .getMessage().contains("is not Polygon or MultiPolygon"));
    Files.writeString(f, "[1,2");
    assertTrue(assertThrows(RegionFileException.class, () -> GeoJsonRegions.load(f, "id", "name", w -> {}))
        .getMessage().contains("not valid JSON"));
  }

  @Test
  void overlapGoesToTheRegionFirstInTheFile() throws Exception {
    Path f = write(square("\"id\":\"first\"", 0) + "," + square("\"id\":\"second\"", 0.5));
    RegionIndex idx = new RegionIndex(GeoJsonRegions.load(f, "id", "name", w -> {}));
    assertEquals(0, idx.locate(0.5, 0.75));
    assertEquals(1, idx.locate(0.5, 1.25));
    assertEquals(-1, idx.locate(0.5, 3));
  }

  @Test
  void realDanishMunicipalitiesLocateKnownPlaces() {
    Path real = Fixtures.realData();
    Assumptions.assumeTrue(real != null, "shared/realdata not present");
    RegionSet rs = GeoJsonRegions.load(real.resolve("regions/dk_kommuner.geojson"), "id", "name", w -> {});
    RegionIndex idx = new RegionIndex(rs);
    assertEquals("0101", rs.get(idx.locate(55.6757, 12.5691)).id()); // Copenhagen City Hall
    assertEquals("0751", rs.get(idx.locate(56.1572, 10.2107)).id()); // Aarhus C
    assertEquals("0461", rs.get(idx.locate(55.3959, 10.3883)).id()); // Odense C
    assertEquals(-1, idx.locate(56.0, 4.0)); // North Sea
  }
}
