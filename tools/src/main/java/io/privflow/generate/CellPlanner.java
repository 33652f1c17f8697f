package io.privflow.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;

/**
 * Places the towers: 4 to 8 per region by population weight, mostly around the region's town and
 * some in the countryside, each strictly inside its region (at least 300 m from any border, so
 * rounding can never move one across). Then adds the complications a real reference table has: two
 * cells re-planned mid-period (a second row at a new site) and one decommissioned before the end.
 */
final class CellPlanner {
  static final String MCC_MNC = "238-01";
  private static final double BORDER_MARGIN_KM = 0.3;
  private static final double MIN_SPACING_KM = 1.5;

  private final Country country;
  private final LocalDate start;
  private final int days;
  private final Draw draw;
  private final Set<Integer> usedCids = new HashSet<>();

  CellPlanner(Country country, GenerateOptions options) {
    this.country = country;
    this.start = options.start();
    this.days = options.days();
    this.draw = new Draw(Seeds.stream(options.seed(), Seeds.Purpose.CELLS));
  }

  CellPlan plan() {
    List<SynthRegion> regions = country.regions;
    double min = regions.stream().mapToDouble(r -> r.weight).min().orElse(1);
    double max = regions.stream().mapToDouble(r -> r.weight).max().orElse(1);
    List<List<Coordinate>> sites = new ArrayList<>();
    List<Integer> lacs = new ArrayList<>();
    Set<Integer> usedLacs = new HashSet<>();
    for (SynthRegion r : regions) {
      int count = 4 + (int) Math.round(4 * (r.weight - min) / Math.max(1e-9, max - min));
      sites.add(towers(r, count));
      int lac;
      do {
        lac = draw.between(1000, 9999); // one location area per region
      } while (!usedLacs.add(lac));
      lacs.add(lac);
    }

    List<Cell> cells = new ArrayList<>();
    for (SynthRegion r : regions) {
      for (Coordinate at : sites.get(r.index)) {
        LocalDate from = draw.chance(0.15) ? null : start.minusDays(draw.between(200, 4000));
        cells.add(new Cell(cellId(lacs.get(r.index)), r.index, range(r, at), List.of(new Cell.Site(from, null, at))));
      }
    }
    complicate(cells, sites);
    cells.sort(Comparator.comparing(c -> c.id));
    return new CellPlan(cells, regions.size());
  }

  /** Re-plans two cells (in different regions) and decommissions one, all in regions with 5+ cells. */
  private void complicate(List<Cell> cells, List<List<Coordinate>> sites) {
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      if (sites.get(cells.get(i).region).size() >= 5) {
        candidates.add(i);
      }
    }
    Set<Integer> touchedRegions = new HashSet<>();
    LocalDate moveDay = start.plusDays(days / 2);
    int replanned = 0;
    for (int tries = 0; replanned < 2 && tries < 1000; tries++) {
      int i = candidates.get(draw.index(candidates.size()));
      Cell c = cells.get(i);
      if (!touchedRegions.add(c.region)) {
        continue;
      }
      Coordinate moved = near(country.regions.get(c.region), c.home(), 1.5, 4.0);
      if (moved == null) {
        touchedRegions.remove(c.region);
        continue;
      }
      Cell.Site old = c.sites.get(0);
      cells.set(i, new Cell(c.id, c.region, c.rangeM, List.of(
          new Cell.Site(old.from(), moveDay.minusDays(1), old.at()),
          new Cell.Site(moveDay, null, moved))));
      replanned++;
    }
    // Decommissioned: its last day is two thirds into the period (never the period's last day).
    LocalDate lastDay = start.plusDays(Math.max(0, 2 * days / 3 - 1));
    for (int tries = 0; tries < 1000; tries++) {
      int i = candidates.get(draw.index(candidates.size()));
      Cell c = cells.get(i);
      if (touchedRegions.add(c.region)) {
        Cell.Site s = c.sites.get(0);
        cells.set(i, new Cell(c.id, c.region, c.rangeM, List.of(new Cell.Site(s.from(), lastDay, s.at()))));
        break;
      }
    }
  }

  /** Tower sites: clustered around the town (urban), the rest anywhere in the region (rural). */
  private List<Coordinate> towers(SynthRegion r, int count) {
    List<Coordinate> out = new ArrayList<>();
    var env = r.geometry.getEnvelopeInternal();
    int tries = 0;
    double spacing = MIN_SPACING_KM;
    while (out.size() < count) {
      if (++tries % 5000 == 0) {
        spacing /= 2;
      }
      Coordinate c;
      if (out.isEmpty() || draw.chance(0.6)) {
        double sd = 3 + 3 * r.weight;
        c = Geo.offset(r.town.x, r.town.y, draw.normal(0, sd), draw.normal(0, sd));
      } else {
        c = new Coordinate(draw.uniform(env.getMinX(), env.getMaxX()), draw.uniform(env.getMinY(), env.getMaxY()));
      }
      c = new Coordinate(Geo.round6(c.x), Geo.round6(c.y));
      if (!strictlyInside(r, c)) {
        continue;
      }
      boolean spaced = true;
      for (Coordinate o : out) {
        spaced &= Geo.km(c, o) >= spacing;
      }
      if (spaced) {
        out.add(c);
      }
    }
    return out;
  }

  /** A point {@code minKm..maxKm} from {@code from}, strictly inside the region; null if none found. */
  private Coordinate near(SynthRegion r, Coordinate from, double minKm, double maxKm) {
    for (int i = 0; i < 200; i++) {
      double a = draw.uniform(0, 2 * Math.PI);
      double d = draw.uniform(minKm, maxKm);
      Coordinate c = Geo.offset(from.x, from.y, d * Math.cos(a), d * Math.sin(a));
      c = new Coordinate(Geo.round6(c.x), Geo.round6(c.y));
      if (strictlyInside(r, c)) {
        return c;
      }
    }
    return null;
  }

  private boolean strictlyInside(SynthRegion r, Coordinate c) {
    var p = Country.FACTORY.createPoint(c);
    if (!r.prepared.contains(p)) {
      return false;
    }
    double deg = r.geometry.getBoundary().distance(p);
    return deg * Geo.KM_PER_DEG_LON > BORDER_MARGIN_KM;
  }

  /** Coverage radius: small urban cells, large rural ones; metres, rounded to 10. */
  private double range(SynthRegion r, Coordinate at) {
    boolean urban = Geo.km(at, r.town) < 8;
    double m = urban ? draw.uniform(500, 2000) : draw.uniform(2000, 8000);
    return Math.round(m / 10) * 10.0;
  }

  private String cellId(int lac) {
    int cid;
    do {
      cid = draw.between(10000, 65535);
    } while (!usedCids.add(cid));
    return MCC_MNC + "-" + lac + "-" + cid;
  }
}
