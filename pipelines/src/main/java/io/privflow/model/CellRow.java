package io.privflow.model;

import org.apache.beam.sdk.coders.Coder;

/**
 * One parsed cell-reference row. Validity is a closed interval of UTC epoch days; an open end is
 * {@link Integer#MIN_VALUE} / {@link Integer#MAX_VALUE}.
 */
public record CellRow(String cellId, double lat, double lon, int validFromDay, int validToDay) {

  public static final Coder<CellRow> CODER = Coders.of(CellRow.class,
      (c, out) -> {
        out.writeUTF(c.cellId);
        out.writeDouble(c.lat);
        out.writeDouble(c.lon);
        out.writeInt(c.validFromDay);
        out.writeInt(c.validToDay);
      },
      in -> new CellRow(in.readUTF(), in.readDouble(), in.readDouble(), in.readInt(), in.readInt()));

  public static final int OPEN_START = Integer.MIN_VALUE;
  public static final int OPEN_END = Integer.MAX_VALUE;

  public boolean validOn(int epochDay) {
    return epochDay >= validFromDay && epochDay <= validToDay;
  }
}
