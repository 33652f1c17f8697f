package io.privflow.generate;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;

/**
 * Applies the {@link FaultPlan} to device rows: the kinds of damage real exports have. An unknown
 * cell id (a cell missing from the reference table), a time written without its zone or in a local
 * format, a GPS fix at (0, 0) (the "no fix" placeholder), a fix in the sea.
 */
final class Faults {
  private static final DateTimeFormatter[] BAD_TIME_FORMATS = {
    DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"),
    DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss"),
    DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"),
  };

  private final FaultPlan plan;
  private final Set<String> knownCells = new HashSet<>();
  private final Coordinate sea;
  private int pendingUnknownCell;
  private int pendingBadTime;
  private int pendingGpsZero;
  private int pendingGpsSea;
  private int badTimes;

  Faults(FaultPlan plan, CellPlan cells, Country country, Draw d) {
    this.plan = plan;
    for (Cell c : cells.cells) {
      knownCells.add(c.id);
    }
    this.sea = seaPoint(country, d);
  }

  /** Damages at most one row of each kind of this device (the one at {@code position}). */
  void apply(int position, List<NetworkRow> network, List<GpsRow> gps, Draw d) {
    pendingUnknownCell += plan.unknownCell.get(position) ? 1 : 0;
    pendingBadTime += plan.badTime.get(position) ? 1 : 0;
    pendingGpsZero += plan.gpsZero.get(position) ? 1 : 0;
    pendingGpsSea += plan.gpsSea.get(position) ? 1 : 0;
    if (pendingUnknownCell > 0 && !network.isEmpty()) {
      int i = d.index(network.size());
      NetworkRow r = network.get(i);
      network.set(i, new NetworkRow(r.subscriber(), r.time(), r.badTime(), unknownCellId(d), r.type()));
      pendingUnknownCell--;
    }
    if (pendingBadTime > 0 && !network.isEmpty()) {
      int i = d.index(network.size());
      NetworkRow r = network.get(i);
      String text = BAD_TIME_FORMATS[badTimes++ % BAD_TIME_FORMATS.length].format(r.time().atOffset(ZoneOffset.UTC));
      network.set(i, new NetworkRow(r.subscriber(), r.time(), text, r.cellId(), r.type()));
      pendingBadTime--;
    }
    if (pendingGpsZero > 0 && !gps.isEmpty()) {
      int i = d.index(gps.size());
      GpsRow r = gps.get(i);
      gps.set(i, new GpsRow(r.device(), r.time(), 0.0, 0.0, null));
      pendingGpsZero--;
    }
    if (pendingGpsSea > 0 && !gps.isEmpty()) {
      int i = d.index(gps.size());
      GpsRow r = gps.get(i);
      gps.set(i, new GpsRow(r.device(), r.time(), sea.y, sea.x, r.accuracyM()));
      pendingGpsSea--;
    }
  }

  /** A well-formed id of this operator that the reference table lacks. */
  private String unknownCellId(Draw d) {
    String id;
    do {
      id = CellPlanner.MCC_MNC + "-" + d.between(1000, 9999) + "-" + d.between(10000, 65535);
    } while (knownCells.contains(id));
    return id;
  }

  /** A point some km off the coast: outside every region, as a fix from a ferry would be. */
  private static Coordinate seaPoint(Country country, Draw d) {
    Coordinate centre = country.outline.getCentroid().getCoordinate();
    while (true) {
      double a = d.uniform(0, 2 * Math.PI);
      for (double km = 10; km < 400; km += 2) {
        Coordinate c = Geo.offset(centre.x, centre.y, km * Math.cos(a), km * Math.sin(a));
        c = new Coordinate(Geo.round6(c.x), Geo.round6(c.y));
        var p = Country.FACTORY.createPoint(c);
        if (country.outline.distance(p) * Geo.KM_PER_DEG_LON > 5) {
          return c;
        }
      }
    }
  }
}
