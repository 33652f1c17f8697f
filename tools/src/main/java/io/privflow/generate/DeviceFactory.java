package io.privflow.generate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Draws one device's profile from its own random stream. The mix: about 80% have a workplace, three
 * quarters of them in another region than home (commuters); 5% are travellers who spend a day or
 * two in each of 2-4 other regions; activity is log-normal (a median of 18 events a day, a few
 * devices with hundreds) and 6% are nearly silent, with a handful of events over the whole period.
 */
final class DeviceFactory {
  private final Places places;
  private final int days;

  DeviceFactory(Places places, int days) {
    this.places = places;
    this.days = days;
  }

  Device create(long key, boolean hasGps, Draw d) {
    int homeRegion = places.homeRegion(d);
    Place home = places.in(homeRegion, null, d);
    Place work = null;
    if (d.chance(0.8)) {
      int workRegion = d.chance(0.25) ? homeRegion : places.otherRegion(homeRegion, d);
      work = places.in(workRegion, home.cell(), d);
    }
    double daily = d.chance(0.06) ? d.uniform(2, 8) / days : Math.min(500, d.logNormal(18, 0.9));
    double fixes = hasGps ? Math.min(0.5 * daily, d.logNormal(5, 0.6)) : 0;
    double workStart = d.normal(8.2, 0.4);
    double workHours = d.normal(7.8, 0.5);
    Map<Integer, Place> trips = d.chance(0.05) ? trips(homeRegion, d) : Map.of();
    return new Device(key, home, work, daily, fixes, workStart, workHours, trips);
  }

  /** 2-4 visits to distinct other regions, each 1-2 days, on days not already taken. */
  private Map<Integer, Place> trips(int homeRegion, Draw d) {
    Map<Integer, Place> trips = new HashMap<>();
    Set<Integer> regions = new HashSet<>();
    int visits = d.between(2, 4);
    for (int tries = 0; regions.size() < visits && tries < 50; tries++) {
      int region = places.otherRegion(homeRegion, d);
      int day = d.index(days);
      int length = d.between(1, 2);
      if (regions.contains(region) || trips.containsKey(day)) {
        continue;
      }
      regions.add(region);
      Place stay = places.in(region, null, d);
      trips.put(day, stay);
      if (length == 2 && day + 1 < days && !trips.containsKey(day + 1)) {
        trips.put(day + 1, stay);
      }
    }
    return trips;
  }
}
