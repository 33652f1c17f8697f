package io.privflow.generate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;

/**
 * Turns a device's day plans into network events and GPS fixes.
 *
 * <p>Behaviour follows local time (Europe/Copenhagen, as Privland's clocks would), rows carry UTC
 * instants. Local days from the start date to the day after the end are planned because local
 * midnight is 22:00 or 23:00 UTC; only instants in [start, end) UTC are kept.
 *
 * <p>Serving cells: at a place, mostly its usual cell, sometimes a neighbouring cell of the same
 * region (load balancing, indoor coverage); on the move, the valid cell nearest to the position.
 * A cell is only used on UTC days when its reference row is valid, so a decommissioned cell's
 * users move to the nearest cell still on air.
 */
final class EventSynthesizer {
  static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
  private static final String[] TYPES = {"data", "call", "sms"};
  private static final double[] TYPE_WEIGHTS = {0.62, 0.2, 0.18};

  private final CellPlan cells;
  private final Country country;
  private final DayPlanner planner;
  private final LocalDate start;
  private final int days;
  private final long startSecond;
  private final long endSecond;

  EventSynthesizer(Country country, CellPlan cells, DayPlanner planner, GenerateOptions options) {
    this.country = country;
    this.cells = cells;
    this.planner = planner;
    this.start = options.start();
    this.days = options.days();
    this.startSecond = options.start().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    this.endSecond = options.end().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
  }

  /** The device's events, filled into the two lists, each sorted by time. */
  void synthesize(Device dev, Draw d, List<NetworkRow> network, List<GpsRow> gps) {
    String netId = Msisdn.networkId(dev.key());
    String gpsId = Msisdn.gpsId(dev.key());
    List<long[]> net = new ArrayList<>(); // {epochSecond, cell index}
    for (int day = 0; day <= days; day++) {
      LocalDate date = start.plusDays(day);
      DayPlan plan = planner.plan(dev, date, day, d);
      double busy = date.getDayOfWeek().getValue() >= 6 ? 0.85 : 1.0;
      int n = d.poisson(dev.dailyEvents() * busy * d.logNormal(1, 0.3));
      for (int i = 0; i < n; i++) {
        int s = Rhythm.secondOfDay(d);
        long t = instant(date, s);
        if (t < startSecond || t >= endSecond) {
          continue;
        }
        Cell c = serving(plan.at(s), s, t, d);
        if (c != null) {
          net.add(new long[] {t, cells.cells.indexOf(c)});
        }
      }
      int fixes = d.poisson(dev.dailyFixes() * busy);
      for (int i = 0; i < fixes; i++) {
        int s = Rhythm.secondOfDay(d);
        long t = instant(date, s);
        if (t >= startSecond && t < endSecond) {
          GpsRow f = fix(gpsId, plan.at(s), s, t, d);
          if (f != null) {
            gps.add(f);
          }
        }
      }
    }
    net.sort(Comparator.comparingLong(e -> e[0]));
    long previous = Long.MIN_VALUE;
    for (long[] e : net) {
      // A phone that was silent for hours typically re-attaches first.
      String type = e[0] - previous > 4 * 3600 && d.chance(0.6) ? "attach" : TYPES[d.weighted(TYPE_WEIGHTS)];
      network.add(new NetworkRow(netId, Instant.ofEpochSecond(e[0]), null, cells.cells.get((int) e[1]).id, type));
      previous = e[0];
    }
    gps.sort(Comparator.comparing(GpsRow::time));
  }

  private static long instant(LocalDate date, int secondOfDay) {
    // In the spring-forward gap ZonedDateTime moves the time an hour on, as a phone clock would.
    return ZonedDateTime.of(date, LocalTime.ofSecondOfDay(secondOfDay), ZONE).toEpochSecond();
  }

  private Cell serving(DayPlan.Segment seg, int s, long t, Draw d) {
    long day = Math.floorDiv(t, 86_400L);
    if (seg.moving()) {
      return cells.nearestValid(seg.position(s), day, -1, null);
    }
    Cell usual = seg.from().cell();
    if (!usual.validOn(day)) {
      usual = cells.nearestValid(usual.home(), day, usual.region, usual);
      if (usual == null) {
        return null;
      }
    }
    if (d.chance(0.18)) {
      List<Cell> near = cells.neighbours(usual, day, 2);
      if (!near.isEmpty()) {
        return near.get(d.index(near.size()));
      }
    }
    return usual;
  }

  /**
   * A fix: the device wanders a couple of hundred metres around its spot, and the receiver adds an
   * error of the order of its reported accuracy. Fixes that land in the sea are drawn again; null
   * when none lands on land (a ferry crossing, say): such fixes are simply not reported.
   */
  private GpsRow fix(String id, DayPlan.Segment seg, int s, long t, Draw d) {
    double u = d.uniform();
    double accuracy = u < 0.7 ? d.uniform(3, 25) : u < 0.95 ? d.uniform(25, 100) : d.uniform(100, 1500);
    Coordinate where = seg.position(s);
    double wander = seg.moving() ? 0.05 : 0.2;
    for (int i = 0; i < 10; i++) {
      double sd = Math.hypot(wander, accuracy / 2000.0);
      Coordinate c = Geo.offset(where.x, where.y, d.normal(0, sd), d.normal(0, sd));
      c = new Coordinate(Geo.round6(c.x), Geo.round6(c.y));
      if (country.regionOf(c) >= 0) {
        Double acc = d.chance(0.02) ? null : Geo.round1(accuracy);
        return new GpsRow(id, Instant.ofEpochSecond(t), c.y, c.x, acc);
      }
    }
    return null;
  }
}
