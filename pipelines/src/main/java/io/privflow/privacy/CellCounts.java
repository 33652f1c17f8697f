package io.privflow.privacy;

import io.privflow.model.Coders;
import java.util.Arrays;
import org.apache.beam.sdk.coders.Coder;

/**
 * Exact counts of the cells of one chunk of a domain that hold contributions: cell offsets within
 * the chunk and their counts, in an open-addressing hash table of primitives. Cells without
 * contributions are absent (their count is 0). Encoded as offsets ascending, delta-coded, with
 * their counts: one or two bytes per cell.
 */
final class CellCounts {
  private int[] offsets = new int[16];
  private long[] counts = new long[16];
  private int size;

  CellCounts() {
    Arrays.fill(offsets, -1);
  }

  int size() {
    return size;
  }

  void add(int offset, long n) {
    if (2 * (size + 1) > offsets.length) {
      grow();
    }
    int i = slot(offset, offsets);
    if (offsets[i] < 0) {
      offsets[i] = offset;
      size++;
    }
    counts[i] += n;
  }

  /** The count of a cell: 0 when it holds no contribution. */
  long get(int offset) {
    int i = slot(offset, offsets);
    return offsets[i] < 0 ? 0 : counts[i];
  }

  void addAll(CellCounts other) {
    for (int i = 0; i < other.offsets.length; i++) {
      if (other.offsets[i] >= 0) {
        add(other.offsets[i], other.counts[i]);
      }
    }
  }

  /** The cells held, ascending. */
  int[] cells() {
    int[] out = new int[size];
    int k = 0;
    for (int o : offsets) {
      if (o >= 0) {
        out[k++] = o;
      }
    }
    Arrays.sort(out);
    return out;
  }

  private static int slot(int offset, int[] table) {
    int mask = table.length - 1;
    int i = (offset * 0x9E3779B9) >>> 1 & mask;
    while (table[i] >= 0 && table[i] != offset) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    int[] oldOffsets = offsets;
    long[] oldCounts = counts;
    offsets = new int[oldOffsets.length * 2];
    counts = new long[oldOffsets.length * 2];
    Arrays.fill(offsets, -1);
    for (int i = 0; i < oldOffsets.length; i++) {
      if (oldOffsets[i] >= 0) {
        int j = slot(oldOffsets[i], offsets);
        offsets[j] = oldOffsets[i];
        counts[j] = oldCounts[i];
      }
    }
  }

  static final Coder<CellCounts> CODER = Coders.of(CellCounts.class,
      (c, out) -> {
        int[] cells = c.cells();
        Coders.writeVarLong(out, cells.length);
        int previous = 0;
        for (int cell : cells) {
          Coders.writeVarLong(out, cell - previous);
          Coders.writeVarLong(out, c.get(cell));
          previous = cell;
        }
      },
      in -> {
        CellCounts c = new CellCounts();
        long n = Coders.readVarLong(in);
        int cell = 0;
        for (long i = 0; i < n; i++) {
          cell += (int) Coders.readVarLong(in);
          c.add(cell, Coders.readVarLong(in));
        }
        return c;
      });
}
