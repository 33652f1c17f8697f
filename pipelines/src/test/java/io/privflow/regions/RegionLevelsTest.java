package io.privflow.regions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.privacy.Rational;
import io.privflow.request.RegionHierarchy;
import io.privflow.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Region hierarchies: parents from a property, from a parents file, or both, checked before any
 * data is read with every problem listed; and the two real hierarchies (Danish kommuner in regioner,
 * Norwegian kommuner in fylker) load by property, by file and by both.
 */
class RegionLevelsTest {
  @TempDir Path dir;

  private static final RegionHierarchy.Level FINE = new RegionHierarchy.Level("fine", Rational.of(1, 2));
  private static final RegionHierarchy.Level COARSE = new RegionHierarchy.Level("coarse", Rational.of(1, 2));

  private Path write(String name, String... features) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}");
    return f;
  }

  /** A rectangle [x0, x1] x [y0, y1] with properties. */
  private static String box(String props, double x0, double y0, double x1, double y1) {
    return "{\"type\":\"Feature\",\"properties\":{" + props + "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["
        + x0 + "," + y0 + "],[" + x1 + "," + y0 + "],[" + x1 + "," + y1 + "],[" + x0 + "," + y1 + "],[" + x0 + "," + y0
        + "]]]}}";
  }

  private RegionLevels load(Path fine, String property, Path parents) {
    RegionSet rs = GeoJsonRegions.load(fine, "id", "name", w -> {});
    return RegionLevels.load(rs, fine, new RegionHierarchy(property, parents, "id", "name", null, FINE, COARSE,
        false), w -> {});
  }

  @Test
  void parentsFromAPropertyFormTheCoarseLevelInOrderOfFirstUse() throws Exception {
    Path fine = write("fine.geojson", box("\"id\":\"a\",\"up\":\"Y\"", 0, 0, 1, 1),
        box("\"id\":\"b\",\"up\":\"X\"", 1, 0, 2, 1), box("\"id\":\"c\",\"up\":\"Y\"", 2, 0, 3, 1));
    RegionLevels l = load(fine, "up", null);
    assertEquals(List.of("Y", "X"), l.coarse().regions().stream().map(Region::id).toList());
    assertArrayEquals(new int[] {0, 1, 0}, l.parentOf());
  }

  @Test
  void parentsFromAFileByInteriorPointAndAreaWithUnusedParentsLeftOut() throws Exception {
    Path fine = write("fine.geojson", box("\"id\":\"a\"", 0, 0, 1, 1), box("\"id\":\"b\"", 1, 0, 2, 1),
        box("\"id\":\"c\"", 2.01, 0, 3, 1));
    Path parents = write("parents.geojson", box("\"id\":\"P\"", -0.02, -0.02, 2.0, 1.02),
        box("\"id\":\"Q\"", 2.0, -0.02, 3.02, 1.02), box("\"id\":\"EMPTY\"", 10, 10, 11, 11));
    List<String> warnings = new ArrayList<>();
    RegionSet rs = GeoJsonRegions.load(fine, "id", "name", w -> {});
    RegionLevels l = RegionLevels.load(rs, fine, new RegionHierarchy(null, parents, "id", "name", null, FINE,
        COARSE, false), warnings::add);
    assertEquals(List.of("P", "Q"), l.coarse().regions().stream().map(Region::id).toList());
    assertArrayEquals(new int[] {0, 0, 1}, l.parentOf());
    assertTrue(warnings.get(0).contains("EMPTY"), warnings.toString());
  }

  /** Every kind of bad hierarchy at once, each named with its region, none hiding another. */
  @Test
  void everyProblemIsListedBeforeAnyDataIsRead() throws Exception {
    Path fine = write("fine.geojson",
        box("\"id\":\"ok\",\"up\":\"P\"", 0, 0, 1, 1),
        box("\"id\":\"orphan\"", 1, 0, 2, 1),                         // no parent property
        box("\"id\":\"twice\",\"up\":[\"P\",\"Q\"]", 0, 1, 1, 2),     // two parents
        box("\"id\":\"unknown\",\"up\":\"Z\"", 1, 1, 2, 2),           // not a region of the parents file
        box("\"id\":\"spills\",\"up\":\"P\"", 2.0, 0, 3.6, 1));       // 37.5% of it outside P
    Path parents = write("parents.geojson", box("\"id\":\"P\"", -1, -1, 3, 3), box("\"id\":\"Q\"", 3, -1, 6, 3));
    RegionFileException e = assertThrows(RegionFileException.class, () -> load(fine, "up", parents));
    String m = e.getMessage();
    assertTrue(m.contains("has 4 problem(s)"), m);
    assertTrue(m.contains("region orphan (feature #2) has no parent"), m);
    assertTrue(m.contains("region twice (feature #3) has 2 parents"), m);
    assertTrue(m.contains("region unknown (feature #4) names parent Z, which is not a region of parents.geojson"), m);
    assertTrue(m.contains("region spills (feature #5): 37.5% of its area lies outside its parent P"), m);
  }

  @Test
  void byFileAloneARegionInNoParentOrInTwoIsRefused() throws Exception {
    Path fine = write("fine.geojson", box("\"id\":\"lost\"", 20, 20, 21, 21), box("\"id\":\"shared\"", 0, 0, 1, 1));
    Path parents = write("parents.geojson", box("\"id\":\"P\"", -1, -1, 2, 2), box("\"id\":\"Q\"", -1, -1, 2, 2));
    String m = assertThrows(RegionFileException.class, () -> load(fine, null, parents)).getMessage();
    assertTrue(m.contains("region lost (feature #1) has no parent: no region of parents.geojson holds its interior"
        + " point"), m);
    assertTrue(m.contains("region shared (feature #2) has 2 parents: regions P, Q"), m);
  }

  /**
   * The real hierarchies by property and file (the polygons checked), and by polygons alone for
   * Denmark; the largest share of a region outside its parent is what the tolerance takes in:
   * 0.0% in Denmark, 8.7% in Norway (island kommuner whose coastlines were generalised apart).
   */
  @Test
  void theDanishAndNorwegianHierarchiesLoad() {
    Path real = Fixtures.realData();
    Assumptions.assumeTrue(real != null, "shared/realdata is absent");
    Path regions = real.resolve("regions");
    RegionLevels dk = load(regions.resolve("dk_kommuner.geojson"), "region_code",
        regions.resolve("dk_regioner.geojson"));
    assertEquals(99, dk.fine().size());
    assertEquals(5, dk.coarse().size());
    assertEquals("1084", dk.coarse().get(dk.parentOf()[0]).id(), "København is in Region Hovedstaden");
    RegionLevels dkByFile = load(regions.resolve("dk_kommuner.geojson"), null, regions.resolve("dk_regioner.geojson"));
    assertArrayEquals(dk.parentOf(), dkByFile.parentOf(), "the property and the polygons agree");
    assertEquals(0.0, worstOutside(dk), 0.0001);

    RegionLevels no = load(regions.resolve("no_kommuner_2024.geojson"), "fylke_code",
        regions.resolve("no_fylker_2024.geojson"));
    assertEquals(357, no.fine().size());
    assertEquals(15, no.coarse().size());
    RegionLevels noByProperty = load(regions.resolve("no_kommuner_2024.geojson"), "fylke_code", null);
    for (int i = 0; i < 357; i++) {
      assertEquals(no.coarse().get(no.parentOf()[i]).id(), noByProperty.coarse().get(noByProperty.parentOf()[i]).id());
    }
    double worst = worstOutside(no);
    assertTrue(worst > 0.08 && worst < 0.09, "Norway: " + worst);
    assertTrue(worst < RegionLevels.MAX_OUTSIDE_SHARE);
  }

  private static double worstOutside(RegionLevels l) {
    double worst = 0;
    for (int i = 0; i < l.fine().size(); i++) {
      worst = Math.max(worst, RegionLevels.outsideShare(l.fine().get(i).geometry(),
          l.coarse().get(l.parentOf()[i]).geometry()));
    }
    return worst;
  }
}
