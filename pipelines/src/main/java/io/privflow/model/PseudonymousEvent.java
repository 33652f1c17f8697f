package io.privflow.model;

import org.apache.beam.sdk.coders.Coder;

/**
 * An event after pseudonymisation: no raw identifier, but still a per-device location record, so it
 * may reach no sink but the custodian-only rejected output.
 *
 * @param cellId serving cell of a network event, {@code null} for a GPS fix
 */
public record PseudonymousEvent(Pseudonym pseudonym, long eventTimeMillis, String cellId, double lat, double lon) {

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
      },
      in -> {
        Pseudonym p = Pseudonym.read(in);
        long t = in.readLong();
        return in.readBoolean()
            ? new PseudonymousEvent(p, t, in.readUTF(), Double.NaN, Double.NaN)
            : new PseudonymousEvent(p, t, null, in.readDouble(), in.readDouble());
      });

  public boolean isCellEvent() {
    return cellId != null;
  }
}
