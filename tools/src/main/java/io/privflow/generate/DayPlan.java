package io.privflow.generate;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;

/**
 * Where a device is during one local day: consecutive segments covering 00:00-24:00. A segment
 * either stays at a place or moves between two (a commute), in which case the position is
 * interpolated along the straight line.
 */
final class DayPlan {
  static final int DAY_SECONDS = 86_400;

  record Segment(int start, int end, Place from, Place to) {
    boolean moving() {
      return from != to;
    }

    /** Position at second {@code s} of the day (the spot, or a point along the trip). */
    Coordinate position(int s) {
      if (!moving()) {
        return from.spot();
      }
      double f = end > start ? (s - start) / (double) (end - start) : 1;
      Coordinate a = from.spot();
      Coordinate b = to.spot();
      return new Coordinate(a.x + f * (b.x - a.x), a.y + f * (b.y - a.y));
    }
  }

  private final List<Segment> segments = new ArrayList<>();
  private Place current;
  private int time;

  DayPlan(Place startPlace) {
    this.current = startPlace;
  }

  /** Stays at the current place until {@code hour} (ignored when that is already past). */
  DayPlan stayUntil(double hour) {
    int until = clamp(hour);
    if (until > time) {
      segments.add(new Segment(time, until, current, current));
      time = until;
    }
    return this;
  }

  /** Travels to {@code place}, taking {@code hours}; arriving no later than midnight. */
  DayPlan travel(Place place, double hours) {
    if (place == current) {
      return this;
    }
    int until = Math.max(time + 60, clamp(time / 3600.0 + hours));
    until = Math.min(until, DAY_SECONDS);
    segments.add(new Segment(time, until, current, place));
    time = until;
    current = place;
    return this;
  }

  DayPlan finish() {
    return stayUntil(24);
  }

  Segment at(int second) {
    for (Segment s : segments) {
      if (second < s.end()) {
        return s;
      }
    }
    return segments.get(segments.size() - 1);
  }

  private static int clamp(double hour) {
    return (int) Math.max(0, Math.min(DAY_SECONDS, Math.round(hour * 3600)));
  }
}
