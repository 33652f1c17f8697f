package io.privflow.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** An event mapped to a region: pseudonym, instant and region index. Never reaches a sink. */
public record LocatedEvent(Pseudonym pseudonym, long eventTimeMillis, int region) {

  public static final class LocatedEventCoder extends AtomicCoder<LocatedEvent> {
    private static final LocatedEventCoder INSTANCE = new LocatedEventCoder();

    public static LocatedEventCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(LocatedEvent e, OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeLong(e.pseudonym.hi());
      d.writeLong(e.pseudonym.lo());
      d.writeLong(e.eventTimeMillis);
      d.writeInt(e.region);
    }

    @Override
    public LocatedEvent decode(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      return new LocatedEvent(new Pseudonym(d.readLong(), d.readLong()), d.readLong(), d.readInt());
    }

    @Override
    public void verifyDeterministic() {}
  }
}
