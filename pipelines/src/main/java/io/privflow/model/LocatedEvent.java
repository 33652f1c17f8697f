package io.privflow.model;

import org.apache.beam.sdk.coders.Coder;

/** An event mapped to a region: pseudonym, instant and region index. Never reaches a sink. */
public record LocatedEvent(Pseudonym pseudonym, long eventTimeMillis, int region) {
  public static final Coder<LocatedEvent> CODER = Coders.of(LocatedEvent.class,
      (e, out) -> {
        Pseudonym.write(e.pseudonym, out);
        out.writeLong(e.eventTimeMillis);
        out.writeInt(e.region);
      },
      in -> new LocatedEvent(Pseudonym.read(in), in.readLong(), in.readInt()));
}
