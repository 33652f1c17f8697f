package io.privflow.ingest;

import io.privflow.model.CellRow;
import io.privflow.model.Identifiers;
import io.privflow.model.RawEvent;
import io.privflow.rejects.Reason;
import java.io.Serializable;

/**
 * Field-level validation of the three input kinds, independent of file format. Error details name
 * the field and never echo a value, so no identifier can leak into a rejection.
 */
final class RecordParsers implements Serializable {
  private final long startMillis;
  private final long endMillis;
  // The last identifier read and its normalised form. Readers hand the same String object back
  // while a column's value repeats (a Parquet dictionary entry, a run of equal values), so a
  // reference check skips normalising most events of a device's run. One reader per thread.
  private transient String lastRaw;
  private transient String lastIdentifier;

  /** Events are kept when {@code startMillis <= event_time < endMillis}. */
  RecordParsers(long startMillis, long endMillis) {
    this.startMillis = startMillis;
    this.endMillis = endMillis;
  }

  Parsed<RawEvent> network(Row row) {
    return network(row, "", -1);
  }

  /** {@code file} and {@code record} say where the event was read; they travel with it. */
  Parsed<RawEvent> network(Row row, String file, long record) {
    try {
      String id = identifier(row.text("subscriber_id"));
      if (id == null) {
        return missing("subscriber_id");
      }
      Long t = row.instantMillis("event_time");
      if (t == null) {
        return missing("event_time");
      }
      String cell = row.text("cell_id");
      if (cell == null) {
        return missing("cell_id");
      }
      if (t < startMillis || t >= endMillis) {
        return new Parsed.OutOfRange<>();
      }
      return new Parsed.Ok<>(RawEvent.atCell(id, t, cell.strip(), file, record));
    } catch (Row.BadValue e) {
      return new Parsed.Bad<>(Reason.BAD_TIME, e.getMessage());
    }
  }

  Parsed<RawEvent> gps(Row row) {
    return gps(row, "", -1);
  }

  Parsed<RawEvent> gps(Row row, String file, long record) {
    String id = identifier(row.text("device_id"));
    if (id == null) {
      return missing("device_id");
    }
    long t;
    try {
      Long time = row.instantMillis("event_time");
      if (time == null) {
        return missing("event_time");
      }
      t = time;
    } catch (Row.BadValue e) {
      return new Parsed.Bad<>(Reason.BAD_TIME, e.getMessage());
    }
    Parsed<Point> point = coordinates(row);
    if (!(point instanceof Parsed.Ok<Point> ok)) {
      return point.recast();
    }
    if (t < startMillis || t >= endMillis) {
      return new Parsed.OutOfRange<>();
    }
    return new Parsed.Ok<>(RawEvent.atPoint(id, t, ok.value().lat(), ok.value().lon(), file, record));
  }

  /** {@link Identifiers#normalise}, once per run of the same identifier object. */
  private String identifier(String raw) {
    if (raw != lastRaw) {
      lastIdentifier = Identifiers.normalise(raw);
      lastRaw = raw;
    }
    return lastIdentifier;
  }

  Parsed<CellRow> cell(Row row) {
    String cell = row.text("cell_id");
    if (cell == null) {
      return missing("cell_id");
    }
    Parsed<Point> point = coordinates(row);
    if (!(point instanceof Parsed.Ok<Point> ok)) {
      return point.recast();
    }
    int from;
    int to;
    try {
      Integer f = row.epochDay("valid_from");
      Integer u = row.epochDay("valid_to");
      from = f == null ? CellRow.OPEN_START : f;
      to = u == null ? CellRow.OPEN_END : u;
    } catch (Row.BadValue e) {
      return new Parsed.Bad<>(Reason.BAD_TIME, e.getMessage());
    }
    if (to < from) {
      return new Parsed.Bad<>(Reason.BAD_VALIDITY, "valid_to is before valid_from");
    }
    Double[] footprint = new Double[3];
    try {
      for (int i = 0; i < FOOTPRINT.length; i++) {
        footprint[i] = row.number(FOOTPRINT[i]);
        if (footprint[i] != null && !Double.isFinite(footprint[i])) {
          return new Parsed.Bad<>(Reason.BAD_NUMBER, FOOTPRINT[i] + " is not a finite number");
        }
      }
    } catch (Row.BadValue e) {
      return new Parsed.Bad<>(Reason.BAD_NUMBER, e.getMessage());
    }
    double range = absentAsNaN(footprint[0]);
    double azimuth = absentAsNaN(footprint[1]);
    double beamwidth = absentAsNaN(footprint[2]);
    String bad = footprintProblem(range, azimuth, beamwidth);
    if (bad != null) {
      return new Parsed.Bad<>(Reason.BAD_FOOTPRINT, bad);
    }
    return new Parsed.Ok<>(new CellRow(cell.strip(), ok.value().lat(), ok.value().lon(), from, to,
        range, azimuth, beamwidth));
  }

  private static final String[] FOOTPRINT = {"range_m", "azimuth_deg", "beamwidth_deg"};

  private static double absentAsNaN(Double v) {
    return v == null ? Double.NaN : v;
  }

  /**
   * What is wrong with a row's (finite or absent, as NaN) footprint fields, or null: a radius not
   * above 0, a bearing outside [0, 360), an opening outside (0, 360], or only one of the sector's
   * two fields.
   */
  static String footprintProblem(double range, double azimuth, double beamwidth) {
    if (!Double.isNaN(range) && !(range > 0)) {
      return "range_m is not above 0";
    }
    if (Double.isNaN(azimuth) != Double.isNaN(beamwidth)) {
      return "azimuth_deg and beamwidth_deg come together: one of them is missing";
    }
    if (!Double.isNaN(azimuth) && !(azimuth >= 0 && azimuth < 360)) {
      return "azimuth_deg is outside [0, 360)";
    }
    if (!Double.isNaN(beamwidth) && !(beamwidth > 0 && beamwidth <= 360)) {
      return "beamwidth_deg is outside (0, 360]";
    }
    return null;
  }

  /** A WGS84 point, checked. */
  record Point(double lat, double lon) {}

  /** The record's point, or its rejection. (0, 0) is the classic "no fix" placeholder. */
  private static Parsed<Point> coordinates(Row row) {
    Double lat;
    Double lon;
    try {
      lat = row.number("lat");
      lon = row.number("lon");
    } catch (Row.BadValue e) {
      return new Parsed.Bad<>(Reason.BAD_COORDINATE, e.getMessage());
    }
    if (lat == null) {
      return missing("lat");
    }
    if (lon == null) {
      return missing("lon");
    }
    if (!(lat >= -90 && lat <= 90)) {
      return new Parsed.Bad<>(Reason.BAD_COORDINATE, "lat is NaN or outside [-90, 90]");
    }
    if (!(lon >= -180 && lon <= 180)) {
      return new Parsed.Bad<>(Reason.BAD_COORDINATE, "lon is NaN or outside [-180, 180]");
    }
    if (lat == 0 && lon == 0) {
      return new Parsed.Bad<>(Reason.BAD_COORDINATE, "(0, 0) is a missing-fix placeholder");
    }
    return new Parsed.Ok<>(new Point(lat, lon));
  }

  private static <T> Parsed<T> missing(String field) {
    return new Parsed.Bad<>(Reason.MISSING_FIELD, field + " is missing or empty");
  }
}
