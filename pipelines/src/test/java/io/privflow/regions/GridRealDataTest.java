package io.privflow.regions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.privflow.request.Grid;
import io.privflow.request.GridSystem;
import io.privflow.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Grids over the real Danish municipalities (shared/realdata, read in place; skipped when absent): the area is the
 * union of the 99 features' polygons, coastlines and islands included. Each grid took 0.3-5.5 s to build here
 * (printed); the class 1.3-8.6 s.
 */
class GridRealDataTest {
  private static Path denmark() {
    Path real = Fixtures.realData();
    assumeTrue(real != null, "shared/realdata is absent");
    Path f = real.resolve("regions/dk_kommuner.geojson");
    assumeTrue(Files.isRegularFile(f), "dk_kommuner.geojson is absent");
    return f;
  }

  private static RegionSet build(Grid grid) {
    List<String> warnings = new ArrayList<>();
    long t0 = System.nanoTime();
    RegionSet set = GridRegions.build(grid, "dk", warnings::add);
    System.out.printf("GridRealDataTest: %s over Denmark: %d cells in %.2f s%n", grid.describe(), set.size(),
        (System.nanoTime() - t0) / 1e9);
    return set;
  }

  @Test
  void h3Resolution7OverDenmark() {
    RegionSet set = build(new Grid(GridSystem.H3, 7, null, denmark()));
    assertEquals(10_372, set.size());
    double km2 = 0;
    com.uber.h3core.H3Core h3 = GridRegions.h3();
    for (Region r : set.regions()) {
      km2 += h3.cellArea(r.id(), com.uber.h3core.AreaUnit.km2);
    }
    // Denmark's land is about 43,000 km²: the cells whose centres lie on it cover about as much
    assertTrue(km2 > 40_000 && km2 < 46_000, "cells cover " + km2 + " km²");
    assertSerialisesUnder16MiB(set);
    // Copenhagen's city hall square is in the grid, in the cell H3 names for it
    int cph = new RegionIndex(set).locate(55.6759, 12.5697);
    assertEquals(h3.latLngToCellAddress(55.6759, 12.5697, 7), set.get(cph).id());
  }

  @Test
  void laea10kmOverDenmark() {
    RegionSet set = build(new Grid(GridSystem.ETRS89_LAEA, null, 10000, denmark()));
    assertEquals(429, set.size(), "about 43,000 km² of land in 100 km² cells");
    RegionIndex index = new RegionIndex(set);
    // Viborg (projected: 4,283,970 m E, 3,705,334 m N) is in cell N370 E428
    assertEquals("10kmN370E428", set.get(index.locate(56.45, 9.40)).id());
    assertSerialisesUnder16MiB(set);
    // Copenhagen's city hall square projects into N362 E448, whose centre is not on the file's land: a point
    // belongs to the grid only when its cell does, so it is outside (README: a coast loses coastal cells)
    assertEquals(-1, index.locate(55.6759, 12.5697));
  }

  /** The set goes to every worker with its DoFns: its serialised size, with a polygon per cell. */
  private static void assertSerialisesUnder16MiB(RegionSet set) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(set);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    System.out.printf("GridRealDataTest: the %s set serialises to %.2f MiB%n", set.grid(), bytes.size() / 1048576.0);
    assertTrue(bytes.size() < 16 << 20, bytes.size() + " bytes");
  }
}
