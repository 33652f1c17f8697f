package io.privflow.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * An event after pseudonymisation: no raw identifier, but still a per-device location record, so it
 * may reach no sink but the custodian-only rejected output.
 *
 * @param cellId serving cell of a network event, {@code null} for a GPS fix
 */
public record PseudonymousEvent(
    Pseudonym pseudonym, long eventTimeMillis, String cellId, double lat, double lon) {

  public boolean isCellEvent() {
    return cellId != null;
  }

  public static final class PseudonymousEventCoder extends AtomicCoder<PseudonymousEvent> {
    private static final PseudonymousEventCoder INSTANCE = new PseudonymousEventCoder();

    public static PseudonymousEventCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(PseudonymousEvent e, OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeLong(e.pseudonym.hi());
      d.writeLong(e.pseudonym.lo());
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
    public PseudonymousEvent decode(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      Pseudonym p = new Pseudonym(d.readLong(), d.readLong());
      long t = d.readLong();
      if (d.readBoolean()) {
        return new PseudonymousEvent(p, t, d.readUTF(), Double.NaN, Double.NaN);
      }
      return new PseudonymousEvent(p, t, null, d.readDouble(), d.readDouble());
    }

    @Override
    public void verifyDeterministic() {}
  }
}
