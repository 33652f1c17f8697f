package io.privflow.rejects;

import io.privflow.model.Coders;
import io.privflow.model.Pseudonym;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.beam.sdk.coders.Coder;

/**
 * A record that was not used, with its reason. Holds no raw identifier by construction: the only
 * identifying field is a {@link Pseudonym}, present once the record has passed pseudonymisation.
 *
 * @param file name (no directory) of the input file the record was read from; every reader sets
 *     it, and an event carries it on to the region stage (empty only for events made without one)
 * @param recordNumber 1-based record number in that file (data rows of a CSV file, rows of a
 *     Parquet file), or -1 when unknown
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

  /** Enums by ordinal, the optional pseudonym behind a flag byte. */
  public static final Coder<Rejection> CODER = Coders.of(Rejection.class, Rejection::write, Rejection::read);

  /** The field encoding, shared with the records that carry a rejection. */
  public static void write(Rejection r, DataOutput out) throws IOException {
    out.writeByte(r.source.ordinal());
    out.writeUTF(r.file == null ? "" : r.file);
    out.writeLong(r.recordNumber);
    out.writeByte(r.stage.ordinal());
    out.writeByte(r.reason.ordinal());
    out.writeBoolean(r.pseudonym != null);
    if (r.pseudonym != null) {
      Pseudonym.write(r.pseudonym, out);
    }
    out.writeUTF(r.detail == null ? "" : r.detail);
  }

  public static Rejection read(DataInput in) throws IOException {
    return new Rejection(Source.values()[in.readByte()], in.readUTF(), in.readLong(), Stage.values()[in.readByte()],
        Reason.values()[in.readByte()], in.readBoolean() ? Pseudonym.read(in) : null, in.readUTF());
  }

  public static Rejection atIngest(
      Source source, String file, long recordNumber, Reason reason, String detail) {
    return new Rejection(source, file, recordNumber, Stage.INGEST, reason, null, detail);
  }

  /** Counter name, e.g. {@code rejected.network_events.UNKNOWN_CELL}. */
  public String counterName() {
    return Tallies.rejected(source, reason);
  }
}
