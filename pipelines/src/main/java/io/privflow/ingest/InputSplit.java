package io.privflow.ingest;

import io.privflow.model.Coders;
import org.apache.beam.sdk.coders.Coder;

/**
 * The unit of reading: one Parquet row group, or one line-aligned byte range of a CSV file, with
 * the 1-based record number its first record has in the file. Listing the units on the driver side
 * of a shuffle and reading each on its own keeps a large file readable in parallel while every
 * record still knows its file and record number.
 *
 * @param kind what the file holds
 * @param parquet a Parquet row group (else a CSV range)
 * @param index position of the row group in the file (Parquet); 0 for CSV
 * @param firstRecord 1-based record number of the first record in the unit
 * @param rows rows the Parquet footer promises for the row group; -1 for CSV
 * @param start byte offset of the row group's first column chunk, or of the range's first line
 * @param length compressed size of the row group, or the range's length in bytes; -1 for a CSV
 *     file read whole (a compressed one, which cannot be split)
 */
public record InputSplit(InputKind kind, boolean parquet, int index, long firstRecord, long rows, long start,
    long length) {
  public static final Coder<InputSplit> CODER = Coders.of(InputSplit.class,
      (s, out) -> {
        out.writeByte(s.kind.ordinal());
        out.writeBoolean(s.parquet);
        Coders.writeVarLong(out, s.index);
        Coders.writeVarLong(out, s.firstRecord);
        Coders.writeVarLong(out, s.rows + 1);
        Coders.writeVarLong(out, s.start);
        Coders.writeVarLong(out, s.length + 1);
      },
      in -> new InputSplit(InputKind.values()[in.readByte()], in.readBoolean(), (int) Coders.readVarLong(in),
          Coders.readVarLong(in), Coders.readVarLong(in) - 1, Coders.readVarLong(in), Coders.readVarLong(in) - 1));

  static InputSplit rowGroup(InputKind kind, int index, long firstRecord, long rows, long start, long length) {
    return new InputSplit(kind, true, index, firstRecord, rows, start, length);
  }

  /** The lines of a CSV file that begin in {@code [start, start + length)}. */
  static InputSplit csvRange(InputKind kind, long firstRecord, long start, long length) {
    return new InputSplit(kind, false, 0, firstRecord, -1, start, length);
  }

  /** A whole CSV file, decompressed as its name says. */
  static InputSplit csvWhole(InputKind kind) {
    return new InputSplit(kind, false, 0, 1, -1, 0, -1);
  }

  boolean wholeFile() {
    return length < 0;
  }
}
