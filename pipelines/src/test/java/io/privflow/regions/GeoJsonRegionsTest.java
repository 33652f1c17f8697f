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

  private RegionFileException refused(Path f) {
    return assertThrows(RegionFileException.class, () -> GeoJsonRegions.load(f, "id", "name", w -> {}));
  }

  private static String polygon(String id, String ring) {
    return "{\"type\":\"Feature\",\"properties\":{\"id\":\"" + id + "\"},\"geometry\":{\"type\":\"Polygon\","
        + "\"coordinates\":[" + ring + "]}}";
  }

  /** The review's case: a position at 500 degrees was accepted silently. */
  @Test
  void coordinatesOutsideWgs84AreRefusedNamingThePositionNotTheValue() throws Exception {
    Path f = write(square("\"id\":\"A\"", 0) + "," + polygon("B", "[[0,0],[500,0],[1,1],[0,0]]"));
    var e = refused(f);
    assertEquals("region file r.geojson, feature #2 (id B): ring 1, position 2 has a longitude outside [-180, 180]",
        e.getMessage());
    write(polygon("A", "[[0,0],[1,0],[1,95.5],[0,0]]"));
    assertEquals("region file r.geojson, feature #1 (id A): ring 1, position 3 has a latitude outside [-90, 90]",
        refused(f).getMessage());
    write(polygon("A", "[[0,0],[1,0],[1,1e400],[0,0]]")); // read as infinity
    assertTrue(refused(f).getMessage().endsWith("position 3 has a latitude outside [-90, 90]"));
    write(polygon("A", "[[0,0],[1,0],[1,\"x\"],[0,0]]"));
    assertTrue(refused(f).getMessage().endsWith("position 3 holds something other than a number"));
    write(polygon("A", "[[0,0],[1,0],[1,1],[0,1]]"));
    assertTrue(refused(f).getMessage().endsWith("ring 1 is not closed (its first and last positions differ)"));
    write(polygon("A", "[[0,0],[1,0],[0,0]]"));
    assertTrue(refused(f).getMessage().endsWith("ring 1 has fewer than 4 positions"));
    write(polygon("A", "[[[0,0]],[[1,0]],[[1,1]],[[0,0]]]")); // positions nested one level too deep
    assertTrue(refused(f).getMessage().endsWith("ring 1, position 1 is not a [longitude, latitude] position"));
    write("{\"type\":\"Feature\",\"properties\":{\"id\":\"M\"},\"geometry\":{\"type\":\"MultiPolygon\","
        + "\"coordinates\":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,0],[3,0],[3,-91],[2,0]]]]}}");
    assertTrue(refused(f).getMessage().endsWith("feature #1 (id M): polygon 2, ring 1, position 3 has a latitude"
        + " outside [-90, 90]"), refused(f).getMessage());
  }

  /** The review's case: deep nesting failed with a NullPointerException. */
  @Test
  void deepNestingIsRefusedWithAClearMessage() throws Exception {
    Path f = dir.resolve("deep.geojson");
    Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":" + "[".repeat(100_000)
        + "]".repeat(100_000) + "}");
    assertTrue(refused(f).getMessage().startsWith("region file " + f + " is nested deeper than 64 levels"),
        refused(f).getMessage());
    Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":{\"a\":1}}");
    assertEquals("region file " + f + ": 'features' is not a list", refused(f).getMessage());
    Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":[1]}");
    assertEquals("region file deep.geojson, feature #1 is not a GeoJSON Feature object", refused(f).getMessage());
  }

  @Test
  void aRegionFileOverTheSizeLimitIsRefusedUnread() throws Exception {
    Path f = dir.resolve("huge.geojson");
    try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(f.toFile(), "rw")) {
      r.setLength(GeoJsonRegions.MAX_FILE_BYTES + 1); // sparse: nothing is written
    }
    assertEquals("region file " + f + " is larger than 64 MiB, the limit for a region file", refused(f).getMessage());
  }

  @Test
  void idsAndNamesWithControlOrBidiCharactersAreRefusedWithoutQuotingThem() throws Exception {
    Path f = write(square("\"id\":\"A\\u0007B\"", 0));
    assertEquals("region file r.geojson, feature #1: its id contains a control character", refused(f).getMessage());
    write(square("\"id\":\"A\"", 0) + "," + square("\"id\":\"\\u202Eevil\"", 2));
    assertEquals("region file r.geojson, feature #2: its id contains a bidirectional formatting character",
        refused(f).getMessage());
    for (String bidi : List.of("061C", "200E", "200F", "202A", "202D", "2066", "2069")) {
      write(square("\"id\":\"K\",\"name\":\"x\\u" + bidi + "y\"", 0));
      assertEquals("region file r.geojson, feature #1: its name (property 'name') contains a bidirectional"
          + " formatting character", refused(f).getMessage(), bidi);
    }
    write(square("\"id\":\"K\",\"name\":\"line\\nbreak\"", 0));
    assertTrue(refused(f).getMessage().endsWith("its name (property 'name') contains a control character"));
    write(square("\"id\":\"" + "x".repeat(129) + "\"", 0));
    assertEquals("region file r.geojson, feature #1: its id is longer than 128 characters", refused(f).getMessage());
    write(square("\"id\":\"" + "x".repeat(128) + "\",\"name\":\"Åbenrå – Ærø\"", 0));
    assertEquals("Åbenrå – Ærø", GeoJsonRegions.load(f, "id", "name", w -> {}).get(0).name());
  }

  @Test
  void anUnknownGeometryTypeIsNotQuoted() throws Exception {
    Path f = write("{\"type\":\"Feature\",\"properties\":{\"id\":\"p\"},\"geometry\":{\"type\":\"4599887766\","
        + "\"coordinates\":[0,0]}}");
    var e = refused(f);
    assertEquals("region file r.geojson, feature #1 (id p): geometry type (not a GeoJSON type) is not Polygon or"
        + " MultiPolygon", e.getMessage());
  }

  /** The limits leave every real boundary file in shared/realdata loadable. */
  @Test
  void everyRealRegionFileLoads() throws Exception {
    Path real = Fixtures.realData();
    Assumptions.assumeTrue(real != null, "shared/realdata not present");
    try (var files = Files.list(real.resolve("regions"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".geojson")).sorted().toList()) {
        assertTrue(GeoJsonRegions.load(f, "id", "name", w -> {}).size() > 0, f.toString());
      }
    }
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
