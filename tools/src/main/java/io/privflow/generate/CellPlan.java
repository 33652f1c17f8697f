package io.privflow.generate;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;

/** All cells, with the lookups the event synthesiser needs (by region, nearest valid cell). */
final class CellPlan {
  final List<Cell> cells;
  final List<List<Cell>> byRegion;

  CellPlan(List<Cell> cells, int regionCount) {
    this.cells = List.copyOf(cells);
    List<List<Cell>> by = new ArrayList<>();
    for (int r = 0; r < regionCount; r++) {
      by.add(new ArrayList<>());
    }
    for (Cell c : cells) {
      by.get(c.region).add(c);
    }
    this.byRegion = by;
  }

  /**
   * The valid cell nearest to a point on a UTC day, optionally only in one region (-1: any), and
   * skipping {@code exclude}. Null when none qualifies. A linear scan: there are only ~70 cells.
   */
  Cell nearestValid(Coordinate p, long epochDay, int region, Cell exclude) {
    List<Cell> pool = region < 0 ? cells : byRegion.get(region);
    Cell best = null;
    double bestKm = Double.MAX_VALUE;
    for (Cell c : pool) {
      Coordinate at = c.at(epochDay);
      if (c == exclude || at == null) {
        continue;
      }
      double km = Geo.km(p, at);
      if (km < bestKm) {
        bestKm = km;
        best = c;
      }
    }
    return best;
  }

  /** The {@code k} valid cells of the same region nearest to {@code c} (its usual neighbours). */
  List<Cell> neighbours(Cell c, long epochDay, int k) {
    Coordinate p = c.at(epochDay) != null ? c.at(epochDay) : c.home();
    List<Cell> out = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      Cell best = null;
      double bestKm = Double.MAX_VALUE;
      for (Cell o : byRegion.get(c.region)) {
        Coordinate at = o.at(epochDay);
        if (o == c || at == null || out.contains(o)) {
          continue;
        }
        double km = Geo.km(p, at);
        if (km < bestKm) {
          bestKm = km;
          best = o;
        }
      }
      if (best == null) {
        break;
      }
      out.add(best);
    }
    return out;
  }
}
