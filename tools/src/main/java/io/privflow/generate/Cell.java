package io.privflow.generate;

import java.time.LocalDate;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;

/**
 * One radio cell: an id and one or more reference rows ({@link Site}s) with consecutive validity
 * intervals. A re-planned cell has two rows at different places; a decommissioned one has its last
 * row closed.
 */
final class Cell {
  /** One reference row. Null dates are open ends, as in the CSV (empty) and Parquet (null). */
  record Site(LocalDate from, LocalDate to, Coordinate at) {
    boolean validOn(long epochDay) {
      return (from == null || from.toEpochDay() <= epochDay) && (to == null || epochDay <= to.toEpochDay());
    }
  }

  final String id;
  final int region;
  final double rangeM;
  final List<Site> sites;

  Cell(String id, int region, double rangeM, List<Site> sites) {
    this.id = id;
    this.region = region;
    this.rangeM = rangeM;
    this.sites = List.copyOf(sites);
  }

  boolean validOn(long epochDay) {
    return at(epochDay) != null;
  }

  /** Where the antenna stood on that UTC day, or null when no row is valid then. */
  Coordinate at(long epochDay) {
    for (int i = sites.size() - 1; i >= 0; i--) {
      if (sites.get(i).validOn(epochDay)) {
        return sites.get(i).at();
      }
    }
    return null;
  }

  /** Where people living near this cell are: its first location (homes do not move with it). */
  Coordinate home() {
    return sites.get(0).at();
  }
}
