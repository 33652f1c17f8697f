package io.privflow.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * An event as read, holding the RAW (normalised) identifier. It exists only between the reader and
 * {@code PseudonymizeEvents}, which the runner fuses into the same step, so it never reaches a
 * shuffle, a sink or a log. A network event carries a cell id; a GPS event carries a point.
 *
 * @param identifier normalised MSISDN/IMSI or device id (never empty)
 * @param cellId serving cell, or {@code null} for a GPS event
 * @param lat latitude of a GPS event (NaN for a network event)
 * @param lon longitude of a GPS event (NaN for a network event)
 */
public record RawEvent(String identifier, long eventTimeMillis, String cellId, double lat, double lon) {

  public static RawEvent atCell(String identifier, long eventTimeMillis, String cellId) {
    return new RawEvent(identifier, eventTimeMillis, cellId, Double.NaN, Double.NaN);
  }

  public static RawEvent atPoint(String identifier, long eventTimeMillis, double lat, double lon) {
    return new RawEvent(identifier, eventTimeMillis, null, lat, lon);
  }

  @Override
  public String toString() {
    // Never print the identifier, even by accident in an exception message.
    return "RawEvent[identifier withheld, t=" + eventTimeMillis + "]";
  }

  /** Coder for the rare runner that materialises a fused step; deterministic. */
  public static final class RawEventCoder extends AtomicCoder<RawEvent> {
    private static final RawEventCoder INSTANCE = new RawEventCoder();

    public static RawEventCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(RawEvent e, OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeUTF(e.identifier);
      d.writeLong(e.eventTimeMillis);
      d.writeBoolean(e.cellId != null);
      if (e.cellId != null) {
        d.writeUTF(e.cellId);
      } else {
        d.writeDouble(e.lat);
        d.writeDouble(e.lon);
      }
    }

    @Override
    public RawEvent decode(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      String id = d.readUTF();
      long t = d.readLong();
      if (d.readBoolean()) {
        return atCell(id, t, d.readUTF());
      }
      return atPoint(id, t, d.readDouble(), d.readDouble());
    }

    @Override
    public void verifyDeterministic() {}
  }
}
