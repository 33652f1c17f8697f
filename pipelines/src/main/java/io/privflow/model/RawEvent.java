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
 * @param file name of the input file the event was read from (no directory; "" when unknown), so a
 *     later stage that rejects the event can say where it came from; the reader passes one shared
 *     instance per file, so it costs a reference per event
 * @param recordNumber 1-based record number in that file, or -1 when unknown
 */
public record RawEvent(
    String identifier, long eventTimeMillis, String cellId, double lat, double lon, String file, long recordNumber) {
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
        Provenance.write(out, e.file, e.recordNumber);
      },
      in -> {
        String id = in.readUTF();
        long t = in.readLong();
        boolean atCell = in.readBoolean();
        String cell = atCell ? in.readUTF() : null;
        double lat = atCell ? Double.NaN : in.readDouble();
        double lon = atCell ? Double.NaN : in.readDouble();
        String file = in.readUTF();
        return new RawEvent(id, t, cell, lat, lon, file, Provenance.readRecordNumber(in));
      });

  public RawEvent {
    file = file == null ? "" : file;
  }

  /** A network event of unknown origin (tests, tools). */
  public static RawEvent atCell(String identifier, long eventTimeMillis, String cellId) {
    return atCell(identifier, eventTimeMillis, cellId, "", -1);
  }

  public static RawEvent atCell(String identifier, long eventTimeMillis, String cellId, String file, long record) {
    return new RawEvent(identifier, eventTimeMillis, cellId, Double.NaN, Double.NaN, file, record);
  }

  /** A GPS fix of unknown origin (tests, tools). */
  public static RawEvent atPoint(String identifier, long eventTimeMillis, double lat, double lon) {
    return atPoint(identifier, eventTimeMillis, lat, lon, "", -1);
  }

  public static RawEvent atPoint(String identifier, long eventTimeMillis, double lat, double lon, String file,
      long record) {
    return new RawEvent(identifier, eventTimeMillis, null, lat, lon, file, record);
  }

  @Override
  public String toString() {
    // Never print the identifier, even by accident in an exception message.
    return "RawEvent[identifier withheld, t=" + eventTimeMillis + ", " + file + "#" + recordNumber + "]";
  }
}
