package io.privflow.consistency;

import io.privflow.privacy.CellDomain;
import io.privflow.privacy.OdDomain;
import io.privflow.privacy.PresenceDomain;
import java.io.Serializable;

/**
 * How the cells of a fine level add up into the cells of its coarse level, from the public parent
 * of each fine region: an OD cell (w, o, d) lies in (w, parent(o), parent(d)), a presence cell
 * (w, r) in (w, parent(r)). A device's bounded contributions, mapped this way, are the coarse
 * level's contributions: one per time slot still, so the coarse level has the fine level's
 * sensitivity.
 */
public interface LevelMap extends Serializable {
  CellDomain fine();

  CellDomain coarse();

  /** The coarse cell a fine cell lies in. */
  long parent(long fineCell);

  /** How many fine cells of the public domain lie in a coarse cell. */
  long children(long coarseCell);

  /** OD cells, whose origin and destination both go up to their parent region. */
  static LevelMap od(OdDomain fine, OdDomain coarse, int[] parentOf) {
    long[] childCount = childCounts(parentOf, coarse.regions());
    return new LevelMap() {
      @Override
      public CellDomain fine() {
        return fine;
      }

      @Override
      public CellDomain coarse() {
        return coarse;
      }

      @Override
      public long parent(long cell) {
        return coarse.cell(fine.slotOf(cell), parentOf[fine.originOf(cell)], parentOf[fine.destinationOf(cell)]);
      }

      @Override
      public long children(long cell) {
        return childCount[coarse.originOf(cell)] * childCount[coarse.destinationOf(cell)];
      }
    };
  }

  /** Presence cells, whose region goes up to its parent. */
  static LevelMap presence(PresenceDomain fine, PresenceDomain coarse, int[] parentOf) {
    long[] childCount = childCounts(parentOf, coarse.regions());
    return new LevelMap() {
      @Override
      public CellDomain fine() {
        return fine;
      }

      @Override
      public CellDomain coarse() {
        return coarse;
      }

      @Override
      public long parent(long cell) {
        return coarse.cell(fine.slotOf(cell), parentOf[fine.regionOf(cell)]);
      }

      @Override
      public long children(long cell) {
        return childCount[coarse.regionOf(cell)];
      }
    };
  }

  private static long[] childCounts(int[] parentOf, int coarseRegions) {
    long[] n = new long[coarseRegions];
    for (int p : parentOf) {
      n[p]++;
    }
    for (long c : n) {
      if (c == 0) {
        throw new IllegalArgumentException("every coarse region needs at least one fine region");
      }
    }
    return n;
  }
}
