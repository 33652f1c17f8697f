package io.privflow.rejects;

import io.privflow.model.Pseudonym;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * A record that was not used, with its reason. Holds no raw identifier by construction: the only
 * identifying field is a {@link Pseudonym}, present once the record has passed pseudonymisation.
 *
 * @param file input file name (no directory), or empty when the reader does not know it
 * @param recordNumber 1-based data-row number in the file, or -1 when unknown
 * @param detail human-readable detail; callers must never put an identifier in it
 */
public record Rejection(
    Source source,
    String file,
    long recordNumber,
    Stage stage,
    Reason reason,
    Pseudonym pseudonym,
    String detail) {

  public static Rejection atIngest(
      Source source, String file, long recordNumber, Reason reason, String detail) {
    return new Rejection(source, file, recordNumber, Stage.INGEST, reason, null, detail);
  }

  /** Counter name, e.g. {@code rejected.network_events.UNKNOWN_CELL}. */
  public String counterName() {
    return "rejected." + source.label() + "." + reason.name();
  }

  /** Deterministic coder: enums by ordinal, optional pseudonym behind a flag byte. */
  public static final class RejectionCoder extends AtomicCoder<Rejection> {
    private static final RejectionCoder INSTANCE = new RejectionCoder();

    public static RejectionCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Rejection r, OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeByte(r.source.ordinal());
      d.writeUTF(r.file == null ? "" : r.file);
      d.writeLong(r.recordNumber);
      d.writeByte(r.stage.ordinal());
      d.writeByte(r.reason.ordinal());
      d.writeBoolean(r.pseudonym != null);
      if (r.pseudonym != null) {
        d.writeLong(r.pseudonym.hi());
        d.writeLong(r.pseudonym.lo());
      }
      d.writeUTF(r.detail == null ? "" : r.detail);
    }

    @Override
    public Rejection decode(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      Source source = Source.values()[d.readByte()];
      String file = d.readUTF();
      long recordNumber = d.readLong();
      Stage stage = Stage.values()[d.readByte()];
      Reason reason = Reason.values()[d.readByte()];
      Pseudonym p = d.readBoolean() ? new Pseudonym(d.readLong(), d.readLong()) : null;
      String detail = d.readUTF();
      return new Rejection(source, file, recordNumber, stage, reason, p, detail);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
