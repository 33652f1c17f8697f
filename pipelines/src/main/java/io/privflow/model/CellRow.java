package io.privflow.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * One parsed cell-reference row. Validity is a closed interval of UTC epoch days; an open end is
 * {@link Integer#MIN_VALUE} / {@link Integer#MAX_VALUE}.
 */
public record CellRow(String cellId, double lat, double lon, int validFromDay, int validToDay) {

  public static final int OPEN_START = Integer.MIN_VALUE;
  public static final int OPEN_END = Integer.MAX_VALUE;

  public boolean validOn(int epochDay) {
    return epochDay >= validFromDay && epochDay <= validToDay;
  }

  public static final class CellRowCoder extends AtomicCoder<CellRow> {
    private static final CellRowCoder INSTANCE = new CellRowCoder();

    public static CellRowCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(CellRow c, OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeUTF(c.cellId);
      d.writeDouble(c.lat);
      d.writeDouble(c.lon);
      d.writeInt(c.validFromDay);
      d.writeInt(c.validToDay);
    }

    @Override
    public CellRow decode(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      return new CellRow(d.readUTF(), d.readDouble(), d.readDouble(), d.readInt(), d.readInt());
    }

    @Override
    public void verifyDeterministic() {}
  }
}
