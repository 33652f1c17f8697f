package io.privflow.model;

import org.apache.beam.sdk.coders.Coder;

/**
 * An event after pseudonymisation: no raw identifier, but still a per-device location record, so it
 * may reach no sink but the custodian-only rejected output.
 *
 * @param cellId serving cell of a network event, {@code null} for a GPS fix
 * @param file input file the event was read from (no directory; "" when unknown), for the
 *     rejections of the region stage
 * @param recordNumber 1-based record number in that file, or -1 when unknown
 */
public record PseudonymousEvent(
    Pseudonym pseudonym, long eventTimeMillis, String cellId, double lat, double lon, String file, long recordNumber) {

  public static final Coder<PseudonymousEvent> CODER = Coders.of(PseudonymousEvent.class,
      (e, out) -> {
        Pseudonym.write(e.pseudonym, out);
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
        Pseudonym p = Pseudonym.read(in);
        long t = in.readLong();
        boolean atCell = in.readBoolean();
        String cell = atCell ? in.readUTF() : null;
        double lat = atCell ? Double.NaN : in.readDouble();
        double lon = atCell ? Double.NaN : in.readDouble();
        String file = in.readUTF();
        return new PseudonymousEvent(p, t, cell, lat, lon, file, Provenance.readRecordNumber(in));
      });

  public PseudonymousEvent {
    file = file == null ? "" : file;
  }

  /** An event of unknown origin (tests). */
  public PseudonymousEvent(Pseudonym pseudonym, long eventTimeMillis, String cellId, double lat, double lon) {
    this(pseudonym, eventTimeMillis, cellId, lat, lon, "", -1);
  }

  public boolean isCellEvent() {
    return cellId != null;
  }
}
