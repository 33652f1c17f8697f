package io.privflow.generate;

import java.util.List;
import org.locationtech.jts.geom.Coordinate;

/**
 * Chooses where people live, work and go: regions by a gravity rule (big and near regions attract
 * more), cells within a region, and a spot near the cell for GPS.
 */
final class Places {
  /** Distance decay of the gravity rule: trips to a region 45 km further are e times rarer. */
  private static final double DECAY_KM = 45;

  private final Country country;
  private final CellPlan cells;

  Places(Country country, CellPlan cells) {
    this.country = country;
    this.cells = cells;
  }

  int homeRegion(Draw d) {
    double[] w = new double[country.regions.size()];
    for (SynthRegion r : country.regions) {
      w[r.index] = r.weight;
    }
    return d.weighted(w);
  }

  /** Another region than {@code from}, weighted by size and nearness. */
  int otherRegion(int from, Draw d) {
    SynthRegion origin = country.regions.get(from);
    double[] w = new double[country.regions.size()];
    for (SynthRegion r : country.regions) {
      w[r.index] = r.index == from ? 0 : r.weight * Math.exp(-Geo.km(origin.town, r.town) / DECAY_KM);
    }
    return d.weighted(w);
  }

  /** A place in a region, at any of its cells except {@code avoid} when there is a choice. */
  Place in(int region, Cell avoid, Draw d) {
    List<Cell> pool = cells.byRegion.get(region);
    Cell c;
    do {
      c = pool.get(d.index(pool.size()));
    } while (c == avoid && pool.size() > 1);
    return new Place(c, spotNear(c, d));
  }

  /** A point 0.2-1.5 km from the antenna, on land and in the cell's region; else the antenna itself. */
  Coordinate spotNear(Cell c, Draw d) {
    Coordinate at = c.home();
    for (int i = 0; i < 20; i++) {
      double a = d.uniform(0, 2 * Math.PI);
      double km = d.uniform(0.2, 1.5);
      Coordinate s = Geo.offset(at.x, at.y, km * Math.cos(a), km * Math.sin(a));
      if (country.regionOf(s) == c.region) {
        return s;
      }
    }
    return at;
  }
}
