package io.privflow.consent;

import io.privflow.model.Pseudonym;
import io.privflow.rejects.Source;

/**
 * The pipeline's staged output: one text line per exported row, keyed by pseudonym, written to the
 * run's private work directory. Only the driver turns a pseudonym into the registry's identifier,
 * so no identifier ever enters the pipeline. The free-text field (a cell id) comes last, so a comma
 * in it cannot shift the other fields.
 */
final class StagedRows {
  private StagedRows() {}

  /** A consented event: {@code pseudonym,time,source,lat,lon,cell}; lat/lon empty when unknown. */
  static String point(Pseudonym p, long timeMillis, Source source, String cellId, double lat, double lon) {
    return p.toHex() + "," + timeMillis + "," + source.label() + "," + (Double.isNaN(lat) ? "" : Double.toString(lat))
        + "," + (Double.isNaN(lon) ? "" : Double.toString(lon)) + "," + (cellId == null ? "" : cellId);
  }

  /** A located window: {@code pseudonym,window,region}. */
  static String window(Pseudonym p, int window, int region) {
    return p.toHex() + "," + window + "," + region;
  }

  record Point(Pseudonym pseudonym, long timeMillis, String source, Double lat, Double lon, String cellId) {}

  record Window(Pseudonym pseudonym, int window, int region) {}

  static Point parsePoint(String line) {
    String[] f = line.split(",", 6);
    return new Point(Pseudonym.fromHex(f[0]), Long.parseLong(f[1]), f[2],
        f[3].isEmpty() ? null : Double.valueOf(f[3]), f[4].isEmpty() ? null : Double.valueOf(f[4]),
        f[5].isEmpty() ? null : f[5]);
  }

  static Window parseWindow(String line) {
    String[] f = line.split(",", 3);
    return new Window(Pseudonym.fromHex(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]));
  }
}
