package io.privflow.model;

import org.apache.beam.sdk.coders.Coder;

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
  /** For the rare runner that materialises a fused step; deterministic. */
  public static final Coder<RawEvent> CODER = Coders.of(RawEvent.class,
      (e, out) -> {
        out.writeUTF(e.identifier);
        out.writeLong(e.eventTimeMillis);
        out.writeBoolean(e.cellId != null);
        if (e.cellId != null) {
          out.writeUTF(e.cellId);
        } else {
          out.writeDouble(e.lat);
          out.writeDouble(e.lon);
        }
      },
      in -> {
        String id = in.readUTF();
        long t = in.readLong();
        return in.readBoolean() ? atCell(id, t, in.readUTF()) : atPoint(id, t, in.readDouble(), in.readDouble());
      });

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
}
