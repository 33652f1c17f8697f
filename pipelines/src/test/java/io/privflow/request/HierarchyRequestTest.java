package io.privflow.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.privacy.Rational;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request's region hierarchy: parsed and checked with the rest of the request, every problem listed. */
class HierarchyRequestTest {
  @TempDir Path dir;

  private List<String> problems(RequestYaml y) throws Exception {
    return assertThrows(RequestException.class, () -> RequestParser.parse(y.write(dir))).problems();
  }

  @Test
  void aHierarchyWithTwoLevelsAndShares() throws Exception {
    ReleaseRequest r = RequestParser.parse(RequestYaml.tiny()
        .hierarchy("up", Fixtures.tiny("regions.geojson"), "kommune", "0.6", "region", "0.4").rawNoisyTables()
        .write(dir));
    RegionHierarchy h = r.regions().hierarchy();
    assertEquals("up", h.parentProperty());
    assertEquals(new RegionHierarchy.Level("kommune", Rational.of(3, 5)), h.fine());
    assertEquals(new RegionHierarchy.Level("region", Rational.of(2, 5)), h.coarse());
    assertEquals("regions.geojson", h.parentsSet());
    assertTrue(h.rawNoisyTables());
    assertNull(RequestParser.parse(RequestYaml.tiny().write(dir)).regions().hierarchy(), "one level by default");
  }

  /**
   * Coverage mapping works with a hierarchy as it is: devices are located (by weight) at the fine
   * level and the coarse level takes each fine region's parent, so the request keeps both.
   */
  @Test
  void coverageMappingGoesWithAHierarchy() throws Exception {
    ReleaseRequest r = RequestParser.parse(RequestYaml.tiny()
        .hierarchy("up", null, "kommune", "0.6", "region", "0.4").mapping("coverage").write(dir));
    assertEquals(Mapping.COVERAGE, r.regions().mapping());
    assertEquals("kommune", r.regions().hierarchy().fine().name());
  }

  @Test
  void sharesThatDoNotAddUpAndBadNamesAreAllListed() throws Exception {
    List<String> p = problems(RequestYaml.tiny().hierarchy("up", null, "Kommune!", "0.6", "kommune", "0.5"));
    assertTrue(p.contains("regions.levels: the levels' budget shares add up to 1.1, not 1"), p.toString());
    assertTrue(p.contains("regions.levels.fine.name: use lower-case letters, digits and '_', starting with a letter"
        + " (at most 32)"), p.toString());
    List<String> same = problems(RequestYaml.tiny().hierarchy("up", null, "a", "0.5", "a", "0.5"));
    assertTrue(same.contains("regions.levels: the two levels need different names (they name the output files)"),
        same.toString());
  }

  @Test
  void aHierarchyNeedsLevelsAndLevelsNeedAHierarchy() throws Exception {
    RequestYaml noLevels = RequestYaml.tiny().set("regions.parent_property", "up");
    assertTrue(problems(noLevels).get(0).startsWith("regions.levels: required with a hierarchy"));
    RequestYaml levelsOnly = RequestYaml.tiny().hierarchy(null, null, "a", "0.5", "b", "0.5");
    assertTrue(problems(levelsOnly).contains("regions.levels: only with a hierarchy: set regions.parent_property or"
        + " regions.parents"));
    RequestYaml raw = RequestYaml.tiny().rawNoisyTables();
    assertTrue(problems(raw).get(0).startsWith("output.raw_noisy_tables: only with a region hierarchy"));
  }

  @Test
  void aMissingParentsFileAndAMissingShareAreNamed() throws Exception {
    RequestYaml y = RequestYaml.tiny().hierarchy(null, dir.resolve("nowhere.geojson"), "a", "0.5", "b", "0.5")
        .remove("regions.levels.coarse.budget_share");
    List<String> p = problems(y);
    assertTrue(p.stream().anyMatch(x -> x.startsWith("regions.parents.file: ") && x.endsWith("does not exist")),
        p.toString());
    assertTrue(p.contains("regions.levels.coarse.budget_share: required: this level's share of each cell metric's"
        + " budget"), p.toString());
  }

  /** A consent export has no hierarchy and no noisy tables: those fields are refused, named. */
  @Test
  void aConsentExportRefusesHierarchyFields() throws Exception {
    Path sample = Fixtures.projectRoot().resolve("sample-data/requests/consent-export.yaml");
    String text = java.nio.file.Files.readString(sample)
        .replace("regions:\n  file: ../regions.geojson", "regions:\n  file: ../regions.geojson\n  parent_property: up")
        .replace("  window: P1D", "  window: P1D\n  raw_noisy_tables: true");
    Path f = dir.resolve("consent-export.yaml");
    java.nio.file.Files.writeString(f, text.replace("../", sample.getParent().getParent() + "/"));
    var e = assertThrows(ConsentRequestException.class, () -> ConsentRequestParser.parse(f));
    String m = e.getMessage();
    assertTrue(m.contains("regions: parent_property, parents and levels belong to a release's region hierarchy"), m);
    assertTrue(m.contains("output.raw_noisy_tables: unknown field"), m);
  }

  /** A consent export places events at their tower's point: regions.mapping is refused, named. */
  @Test
  void aConsentExportRefusesAMapping() throws Exception {
    Path sample = Fixtures.projectRoot().resolve("sample-data/requests/consent-export.yaml");
    String text = java.nio.file.Files.readString(sample)
        .replace("regions:\n  file: ../regions.geojson", "regions:\n  file: ../regions.geojson\n  mapping: coverage");
    Path f = dir.resolve("consent-export.yaml");
    java.nio.file.Files.writeString(f, text.replace("../", sample.getParent().getParent() + "/"));
    var e = assertThrows(ConsentRequestException.class, () -> ConsentRequestParser.parse(f));
    assertTrue(e.getMessage().contains("regions.mapping: unknown field"), e.getMessage());
  }
}
