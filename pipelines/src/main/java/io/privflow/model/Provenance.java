package io.privflow.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The shared field encoding of where an event was read: its file name and 1-based record number
 * (-1 when unknown, written as 0 so that the usual case takes one to four bytes).
 */
final class Provenance {
  private Provenance() {}

  static void write(DataOutput out, String file, long recordNumber) throws IOException {
    out.writeUTF(file);
    Coders.writeVarLong(out, recordNumber + 1);
  }

  static long readRecordNumber(DataInput in) throws IOException {
    return Coders.readVarLong(in) - 1;
  }
}
