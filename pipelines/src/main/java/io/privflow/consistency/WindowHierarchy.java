package io.privflow.consistency;

import io.privflow.model.NoisyCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One window (time slot) of one cell metric made consistent: builds the tree of its noisy cells
 * (the window's total on top, coarse cells, fine cells), runs {@link TopDown} and applies each
 * level's threshold to the consistent values. Its inputs are the noise stage's outputs and public
 * parameters; it never sees a true count.
 *
 * <p>In a full-domain release every cell of the window was noised, so the tree is the whole public
 * domain and no cell stands for a rest. In a partition selection only the selected cells were
 * noised and released by the selection: they alone enter, with, under each cell, one rest for its
 * children that were not selected (unknown values, at least 0), and a coarse cell that was not
 * selected enters without a measurement when one of its fine cells was. Cells that were not
 * selected, and whether they held devices, never enter: that would be a function of the data
 * outside the selection's guarantee.
 */
public final class WindowHierarchy {
  private WindowHierarchy() {}

  /** The published values of one window, per table: (cell, value) pairs, sorted by cell. */
  public static Map<Table, List<NoisyCount>> solve(HierarchySpec spec, int slot, List<NoisyCount> fine,
      List<NoisyCount> coarse, NoisyCount total) {
    LevelMap map = spec.map();
    Map<Table, List<NoisyCount>> out = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      out.put(t, new ArrayList<>());
    }
    if (!spec.selection()) {
      requireWhole(map.fine().cellsPerSlot(), fine.size(), "fine");
      requireWhole(map.coarse().cellsPerSlot(), coarse.size(), "coarse");
    }
    if (spec.hasTotals() != (total != null)) {
      throw new IllegalStateException("window " + slot + ": window total present " + (total != null)
          + " but expected " + spec.hasTotals());
    }
    // Coarse nodes by cell, in cell order: the measured ones, then the parents of measured fine cells.
    TreeMap<Long, NoisyCount> coarseNoisy = new TreeMap<>();
    coarse.forEach(c -> coarseNoisy.put(c.cell(), c));
    TreeMap<Long, List<NoisyCount>> fineByParent = new TreeMap<>();
    for (NoisyCount f : fine) {
      fineByParent.computeIfAbsent(map.parent(f.cell()), k -> new ArrayList<>()).add(f);
    }
    java.util.TreeSet<Long> coarseCells = new java.util.TreeSet<>(coarseNoisy.keySet());
    coarseCells.addAll(fineByParent.keySet());
    boolean rootRest = coarseCells.size() < map.coarse().cellsPerSlot();
    Node root = total != null ? Node.measured(slot, total.count(), spec.totalVariance(), rootRest)
        : Node.unmeasured(slot, rootRest);
    List<Node> coarseNodes = new ArrayList<>();
    for (long c : coarseCells) {
      List<NoisyCount> kids = new ArrayList<>(fineByParent.getOrDefault(c, List.of()));
      kids.sort(Comparator.comparingLong(NoisyCount::cell));
      boolean rest = kids.size() < map.children(c);
      NoisyCount y = coarseNoisy.get(c);
      Node n = y == null ? Node.unmeasured(c, rest) : Node.measured(c, y.count(), spec.coarseVariance(), rest);
      for (NoisyCount f : kids) {
        n.add(Node.measured(f.cell(), f.count(), spec.fineVariance(), false));
      }
      root.add(n);
      coarseNodes.add(n);
    }
    TopDown.estimate(root);

    for (Node c : coarseNodes) {
      long unpublished = c.restValue();
      for (Node f : c.children()) {
        if (f.value() >= spec.fineThreshold()) {
          out.get(Table.FINE).add(new NoisyCount(f.cell(), f.value()));
        } else {
          unpublished += f.value();
        }
      }
      if (c.value() >= spec.coarseThreshold()) {
        out.get(Table.COARSE).add(new NoisyCount(c.cell(), c.value()));
        out.get(Table.COARSE_FINE_UNPUBLISHED).add(new NoisyCount(c.cell(), unpublished));
      }
    }
    out.get(Table.FINE).sort(Comparator.comparingLong(NoisyCount::cell));
    if (total != null) {
      out.get(Table.TOTAL).add(new NoisyCount(slot, root.value()));
      out.get(Table.TOTAL_RAW).add(total);
    }
    // The raw noisy tables, thresholded as a release without a hierarchy is (a partition
    // selection's cells were thresholded by the selection already).
    for (NoisyCount f : fine) {
      if (spec.selection() || f.count() >= spec.fineThreshold()) {
        out.get(Table.FINE_RAW).add(f);
      }
    }
    for (NoisyCount c : coarseNoisy.values()) {
      if (spec.selection() || c.count() >= spec.coarseThreshold()) {
        out.get(Table.COARSE_RAW).add(c);
      }
    }
    out.get(Table.FINE_RAW).sort(Comparator.comparingLong(NoisyCount::cell));
    return out;
  }

  private static void requireWhole(long expected, int found, String level) {
    if (expected != found) {
      throw new IllegalStateException("a full-domain window needs every " + level + " cell noised: " + found
          + " of " + expected);
    }
  }
}
