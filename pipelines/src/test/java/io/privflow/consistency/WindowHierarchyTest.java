package io.privflow.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.model.NoisyCount;
import io.privflow.privacy.OdDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One window's tables on a small hierarchy: fine regions a, b in P and c in Q, so 9 fine OD cells
 * in 4 coarse ones.
 */
class WindowHierarchyTest {
  private final OdDomain fine = new OdDomain(1, 3);
  private final OdDomain coarse = new OdDomain(1, 2);
  private final LevelMap map = LevelMap.od(fine, coarse, new int[] {0, 0, 1});

  private static List<NoisyCount> cells(long... values) {
    List<NoisyCount> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.add(new NoisyCount(i, values[i]));
    }
    return out;
  }

  private static Map<Long, Long> byCell(List<NoisyCount> cells) {
    Map<Long, Long> m = new HashMap<>();
    cells.forEach(c -> m.put(c.cell(), c.count()));
    return m;
  }

  /** Values that already add up come out unchanged: consistency only moves what disagrees. */
  @Test
  void consistentInputsAreKept() {
    HierarchySpec spec = new HierarchySpec(map, 50, 50, 50, 0, 0, false);
    long[] f = {5, 3, 0, 2, 7, 1, 0, 4, 9};
    // coarse (P,P) = a-a + a-b + b-a + b-b = 5+3+2+7; (P,Q) = 0+1; (Q,P) = 0+4; (Q,Q) = 9
    var out = WindowHierarchy.solve(spec, 0, cells(f), cells(17, 1, 4, 9), new NoisyCount(0, 31));
    assertEquals(byCell(cells(f)), byCell(out.get(Table.FINE)));
    assertEquals(byCell(cells(17, 1, 4, 9)), byCell(out.get(Table.COARSE)));
    assertEquals(31, out.get(Table.TOTAL).get(0).count());
  }

  @Test
  void aFullDomainWindowMustHoldEveryCell() {
    HierarchySpec spec = new HierarchySpec(map, 50, 50, Double.NaN, 0, 0, false);
    List<NoisyCount> eight = cells(1, 1, 1, 1, 1, 1, 1, 1);
    assertThrows(IllegalStateException.class, () -> WindowHierarchy.solve(spec, 0, eight, cells(1, 1, 1, 1), null));
  }

  /** Thresholds apply to consistent values; each published coarse cell states what its unpublished fine cells hold. */
  @Test
  void publishedCoarseCellsAreTheirPublishedFineCellsPlusTheUnpublishedPart() {
    HierarchySpec spec = new HierarchySpec(map, 36, 36, 72, 5, 5, false);
    var out = WindowHierarchy.solve(spec, 0, cells(30, 4, -6, 3, 25, 2, -2, 1, 12), cells(60, 3, 0, 14),
        new NoisyCount(0, 80));
    Map<Long, Long> fineOut = byCell(out.get(Table.FINE));
    Map<Long, Long> unpublished = byCell(out.get(Table.COARSE_FINE_UNPUBLISHED));
    long total = 0;
    for (NoisyCount c : out.get(Table.COARSE)) {
      long published = 0;
      for (long f = 0; f < 9; f++) {
        if (map.parent(f) == c.cell()) {
          published += fineOut.getOrDefault(f, 0L);
        }
      }
      assertEquals(c.count(), published + unpublished.get(c.cell()), "coarse cell " + c.cell());
      total += c.count();
    }
    fineOut.values().forEach(v -> assertTrue(v >= 5, "published below k: " + v));
    assertTrue(total <= out.get(Table.TOTAL).get(0).count());
  }

  /**
   * A partition selection: only selected cells come in. A coarse cell not selected but holding a
   * selected fine cell is published at least at that cell's value; a selected coarse cell without
   * selected fine cells holds everything in its rest.
   */
  @Test
  void aSelectionsTreeHasRestsAndCoarseCellsKnownOnlyThroughTheirFineCells() {
    HierarchySpec spec = new HierarchySpec(map, 6, 6, 24, 13, 13, true);
    List<NoisyCount> fineSelected = List.of(new NoisyCount(fine.cell(0, 2, 2), 20));   // c -> c, in (Q,Q)
    List<NoisyCount> coarseSelected = List.of(new NoisyCount(coarse.cell(0, 0, 0), 40)); // (P,P), no fine cell
    var out = WindowHierarchy.solve(spec, 0, fineSelected, coarseSelected, new NoisyCount(0, 100));
    Map<Long, Long> c = byCell(out.get(Table.COARSE));
    assertEquals(40, c.get(coarse.cell(0, 0, 0)));
    assertEquals(40, byCell(out.get(Table.COARSE_FINE_UNPUBLISHED)).get(coarse.cell(0, 0, 0)));
    assertEquals(20, c.get(coarse.cell(0, 1, 1)), "(Q,Q) is its one fine cell, c -> c");
    assertEquals(20, byCell(out.get(Table.FINE)).get(fine.cell(0, 2, 2)));
    assertEquals(100, out.get(Table.TOTAL).get(0).count(), "the total keeps its noisy value; the rest takes 40");
    assertEquals(List.of(new NoisyCount(fine.cell(0, 2, 2), 20)), out.get(Table.FINE_RAW));
  }
}
