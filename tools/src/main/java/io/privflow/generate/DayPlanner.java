package io.privflow.generate;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * A device's routine as day plans (local time). Weekdays: home, commute, work, commute, home, and now
 * and then an evening out; people without a workplace may run an errand. Weekends: mostly home,
 * often a leisure trip, sometimes to another region. Travellers' trip days override the routine:
 * they leave home in the morning of the first day and come back in the morning after the last.
 */
final class DayPlanner {
  private final Places places;

  DayPlanner(Places places) {
    this.places = places;
  }

  /** Hours to travel between two places: 12 minutes plus 60 km/h. */
  static double travelHours(Place a, Place b) {
    return Math.min(3.0, 0.2 + Geo.km(a.spot(), b.spot()) / 60.0);
  }

  DayPlan plan(Device dev, LocalDate date, int dayIndex, Draw d) {
    Place last = overnight(dev, dayIndex - 1);
    Place today = dev.trips().get(dayIndex);
    if (today != null) {
      return trip(last, today, d);
    }
    if (last != dev.home()) {
      // Coming back from a trip: check out in the morning, home for the rest of the day.
      DayPlan p = new DayPlan(last).stayUntil(d.uniform(9, 11));
      return p.travel(dev.home(), travelHours(last, dev.home())).finish();
    }
    boolean weekend = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    if (weekend) {
      return outing(dev, d.chance(0.45), d.uniform(10, 14), d.uniform(2, 5), 0.4, d);
    }
    if (dev.worker() && !d.chance(0.05)) { // 5%: a day off sick or on holiday
      return workday(dev, d);
    }
    return outing(dev, !dev.worker() && d.chance(0.5), d.uniform(9.5, 15), d.uniform(1, 3), 0.2, d);
  }

  private static Place overnight(Device dev, int dayIndex) {
    Place p = dev.trips().get(dayIndex);
    return p != null ? p : dev.home();
  }

  private DayPlan trip(Place from, Place stay, Draw d) {
    DayPlan p = new DayPlan(from);
    if (from != stay) {
      p.stayUntil(d.uniform(7, 9)).travel(stay, travelHours(from, stay));
    }
    return p.finish();
  }

  private DayPlan workday(Device dev, Draw d) {
    Place home = dev.home();
    Place work = dev.work();
    double commute = travelHours(home, work);
    double arrive = dev.workStartHour() + d.normal(0, 0.25);
    double leave = arrive + dev.workHours() + d.normal(0, 0.3);
    DayPlan p = new DayPlan(home)
        .stayUntil(arrive - commute)
        .travel(work, commute)
        .stayUntil(leave)
        .travel(home, commute);
    if (d.chance(0.15)) { // an evening out in the home region
      Place out = places.in(home.cell().region, home.cell(), d);
      double go = Math.max(leave + commute + 0.5, d.uniform(18.5, 20));
      p.stayUntil(go).travel(out, travelHours(home, out)).stayUntil(go + d.uniform(1.5, 3))
          .travel(home, travelHours(out, home));
    }
    return p.finish();
  }

  /** Home all day, or out once (in the home region, or another with {@code otherRegionP}). */
  private DayPlan outing(Device dev, boolean goOut, double start, double hours, double otherRegionP, Draw d) {
    Place home = dev.home();
    DayPlan p = new DayPlan(home);
    if (goOut) {
      int region = d.chance(otherRegionP) ? places.otherRegion(home.cell().region, d) : home.cell().region;
      Place out = places.in(region, home.cell(), d);
      double there = travelHours(home, out);
      p.stayUntil(start).travel(out, there).stayUntil(start + there + hours).travel(home, there);
    }
    return p.finish();
  }
}
