package io.privflow.model;

import org.apache.beam.sdk.coders.Coder;

/**
 * One parsed cell-reference row. Validity is a closed interval of UTC epoch days; an open end is
 * {@link Integer#MIN_VALUE} / {@link Integer#MAX_VALUE}. The footprint fields are {@link Double#NaN}
 * when absent: {@code rangeM} (metres, above 0), and the sector's {@code azimuthDeg} (clockwise from
 * north, in [0, 360)) and {@code beamwidthDeg} (in (0, 360]), both present or both absent.
 */
public record CellRow(String cellId, double lat, double lon, int validFromDay, int validToDay,
    double rangeM, double azimuthDeg, double beamwidthDeg) {

  /** A row without footprint fields (the tower's point only). */
  public CellRow(String cellId, double lat, double lon, int validFromDay, int validToDay) {
    this(cellId, lat, lon, validFromDay, validToDay, Double.NaN, Double.NaN, Double.NaN);
  }

  public static final Coder<CellRow> CODER = Coders.of(CellRow.class,
      (c, out) -> {
        out.writeUTF(c.cellId);
        out.writeDouble(c.lat);
        out.writeDouble(c.lon);
        out.writeInt(c.validFromDay);
        out.writeInt(c.validToDay);
        out.writeDouble(c.rangeM);
        out.writeDouble(c.azimuthDeg);
        out.writeDouble(c.beamwidthDeg);
      },
      in -> new CellRow(in.readUTF(), in.readDouble(), in.readDouble(), in.readInt(), in.readInt(),
          in.readDouble(), in.readDouble(), in.readDouble()));

  public static final int OPEN_START = Integer.MIN_VALUE;
  public static final int OPEN_END = Integer.MAX_VALUE;

  public boolean validOn(int epochDay) {
    return epochDay >= validFromDay && epochDay <= validToDay;
  }

  /** Whether the row gives a coverage radius. */
  public boolean hasRange() {
    return !Double.isNaN(rangeM);
  }

  /** Whether the row gives a sector (azimuth and beamwidth). */
  public boolean hasSector() {
    return !Double.isNaN(azimuthDeg);
  }
}
