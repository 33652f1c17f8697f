package io.privflow.generate;

import java.util.Map;

/**
 * A synthetic person's phone: who they are to the generator. Fixed for the whole period.
 *
 * @param key number and network-file spelling (see {@link Msisdn})
 * @param work the weekday daytime place; null for people without a workplace
 * @param dailyEvents mean network events per day
 * @param dailyFixes mean GPS fixes per day; 0 for devices without GPS
 * @param trips for travellers: day index (from the start) to the place they stay that day
 */
record Device(
    long key,
    Place home,
    Place work,
    double dailyEvents,
    double dailyFixes,
    double workStartHour,
    double workHours,
    Map<Integer, Place> trips) {

  boolean worker() {
    return work != null;
  }
}
