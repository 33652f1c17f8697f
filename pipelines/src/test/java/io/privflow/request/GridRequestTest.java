package io.privflow.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code regions.grid}: parsed into a {@link Grid}, each bad input refused by the parser, named by its field. */
class GridRequestTest {
  @TempDir Path dir;

  private static Path area() {
    return Fixtures.tiny("regions.geojson");
  }

  private List<String> problems(RequestYaml y) throws Exception {
    return assertThrows(RequestException.class, () -> RequestParser.parse(y.write(dir))).problems();
  }

  private static void has(List<String> problems, String expected) {
    assertTrue(problems.contains(expected), problems.toString());
  }

  @Test
  void anH3GridAndAnLaeaGridParse() throws Exception {
    Regions h3 = RequestParser.parse(RequestYaml.tiny().grid("h3", 7, area()).regionSet("dk-h3-7").write(dir))
        .regions();
    assertEquals(new Grid(GridSystem.H3, 7, null, area()), h3.grid());
    assertNull(h3.file());
    assertEquals("dk-h3-7", h3.set());
    Regions laea = RequestParser.parse(RequestYaml.tiny().grid("etrs89_laea", 10000, area()).write(dir)).regions();
    assertEquals(new Grid(GridSystem.ETRS89_LAEA, null, 10000, area()), laea.grid());
    assertEquals("regions.geojson#etrs89_laea-cell_m-10000", laea.set(), "the set's name defaults to area and grid");
  }

  @Test
  void aResolutionOutsideH3sRangeIsRefused() throws Exception {
    for (int r : new int[] {-1, 16}) {
      has(problems(RequestYaml.tiny().grid("h3", r, area())),
          "regions.grid.resolution: must be an H3 resolution from 0 to 15");
    }
    has(problems(RequestYaml.tiny().grid("h3", 0, area()).remove("regions.grid.resolution")),
        "regions.grid.resolution: required for an h3 grid (0 to 15)");
  }

  @Test
  void aCellSizeOtherThan1kmOr10kmIsRefused() throws Exception {
    has(problems(RequestYaml.tiny().grid("etrs89_laea", 500, area())),
        "regions.grid.cell_m: must be 1000 or 10000 (metres), the cells of the European statistical grid");
    has(problems(RequestYaml.tiny().grid("h3", 5, area()).set("regions.grid.cell_m", 1000)),
        "regions.grid.cell_m: only for the etrs89_laea grid; an h3 grid takes a resolution");
  }

  @Test
  void anUnknownSystemIsRefused() throws Exception {
    has(problems(RequestYaml.tiny().grid("s2", 5, area())),
        "regions.grid.system: unknown grid system; use h3 or etrs89_laea");
  }

  @Test
  void aMissingAreaFileIsRefused() throws Exception {
    List<String> p = problems(RequestYaml.tiny().grid("h3", 5, dir.resolve("nowhere.geojson")));
    assertTrue(p.stream().anyMatch(x -> x.startsWith("regions.grid.area: ") && x.endsWith("does not exist")),
        p.toString());
    has(problems(RequestYaml.tiny().grid("h3", 5, area()).remove("regions.grid.area")),
        "regions.grid.area: required: a GeoJSON file whose (Multi)Polygon features bound the grid");
  }

  @Test
  void aFileAndAGridTogetherAreRefused() throws Exception {
    has(problems(RequestYaml.tiny().grid("h3", 5, area()).regionsFile(area())),
        "regions: give regions.file or regions.grid, not both");
  }

  @Test
  void idAndNamePropertiesWithAGridAreRefused() throws Exception {
    has(problems(RequestYaml.tiny().grid("h3", 5, area()).set("regions.id_property", "code")),
        "regions: id_property and name_property belong to a region file; a grid cell's id is its own");
  }

  @Test
  void aHierarchyWithAGridIsRefused() throws Exception {
    has(problems(RequestYaml.tiny().grid("h3", 5, area()).hierarchy("up", null, "fine", "0.5", "coarse", "0.5")),
        "regions.grid: a region hierarchy (parent_property, parents, levels) is not supported with a grid;"
            + " release the grid at one level");
  }

  @Test
  void aConsentExportRefusesAGrid() throws Exception {
    Path sample = Fixtures.projectRoot().resolve("sample-data/requests/consent-export.yaml");
    String text = Files.readString(sample).replace("regions:\n  file: ../regions.geojson",
        "regions:\n  grid: {system: h3, resolution: 5, area: ../regions.geojson}");
    Path f = dir.resolve("consent-export.yaml");
    Files.writeString(f, text.replace("../", sample.getParent().getParent() + "/"));
    String m = assertThrows(ConsentRequestException.class, () -> ConsentRequestParser.parse(f)).getMessage();
    assertTrue(m.contains("regions.grid: not supported by a consent export; name a region file in regions.file"), m);
  }
}
