package io.privflow.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;

/**
 * A CSV file as units that can be read in parallel: a compressed or small file is one unit; a
 * large uncompressed one is cut into line-aligned byte ranges of about {@link #SPLIT_BYTES}. The
 * listing scans the file's bytes once (no decoding) for line starts and counts the records (lines
 * that are not blank) before each cut, so every range knows the record number of its first record
 * and a rejection names the same line as a reader from the start would.
 */
final class CsvSplits {
  /** Bytes per range of a large uncompressed file: small enough to spread a file over the cores. */
  static final long SPLIT_BYTES = 64L << 20;

  private CsvSplits() {}

  static List<InputSplit> list(InputKind kind, FileIO.ReadableFile file, long splitBytes) throws IOException {
    String name = file.getMetadata().resourceId().getFilename();
    if (InputCompression.of(name) != Compression.UNCOMPRESSED || file.getMetadata().sizeBytes() <= splitBytes) {
      return List.of(InputSplit.csvWhole(kind));
    }
    List<InputSplit> out = new ArrayList<>();
    try (InputStream in = Channels.newInputStream(file.open())) {
      CsvLines lines = new CsvLines(in, 0);
      if (!lines.next()) {
        return List.of(InputSplit.csvWhole(kind)); // empty: the reader says so
      }
      long start = lines.nextOffset(); // after the header
      long first = 1;
      long records = 0;
      long cut = start + splitBytes;
      long end = start;
      while (lines.next()) {
        long at = lines.lineOffset();
        if (at >= cut) {
          out.add(InputSplit.csvRange(kind, first, start, at - start));
          start = at;
          first = records + 1;
          cut = at + splitBytes;
        }
        if (!lines.blank()) {
          records++;
        }
        end = lines.nextOffset();
      }
      out.add(InputSplit.csvRange(kind, first, start, end - start));
    }
    return out;
  }

  /** Receives each record of a unit: its text and 1-based record number. */
  interface LineHandler {
    void record(String line, long recordNumber);
  }

  /** Reads one unit: the file's header line, then every record of the unit (an empty file has none). */
  static void read(FileIO.ReadableFile file, InputSplit split, HeaderCheck check, LineHandler handler)
      throws IOException {
    String name = file.getMetadata().resourceId().getFilename();
    if (split.wholeFile()) {
      try (InputStream in = Channels.newInputStream(InputCompression.decompressed(name, file.open()))) {
        CsvLines lines = new CsvLines(in, 0);
        if (!lines.next()) {
          return; // an empty file holds no records
        }
        check.header(lines.text());
        records(lines, 1, handler);
        return;
      }
    }
    try (InputStream in = Channels.newInputStream(file.open())) {
      CsvLines lines = new CsvLines(in, 0);
      if (!lines.next()) {
        return;
      }
      check.header(lines.text());
    }
    SeekableByteChannel channel = file.openSeekable();
    channel.position(split.start());
    try (InputStream in = new Bounded(Channels.newInputStream(channel), split.length())) {
      records(new CsvLines(in, split.start()), split.firstRecord(), handler);
    }
  }

  /** Takes the header line, failing the run when it lacks a column. */
  interface HeaderCheck {
    void header(String line) throws IOException;
  }

  private static void records(CsvLines lines, long first, LineHandler handler) throws IOException {
    long recordNumber = first - 1;
    while (lines.next()) {
      if (lines.blank()) {
        continue; // not a record
      }
      recordNumber++;
      handler.record(lines.text(), recordNumber);
    }
  }

  /** At most {@code remaining} bytes of a stream. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private long remaining;

    Bounded(InputStream in, long length) {
      this.in = in;
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      remaining -= b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      remaining -= Math.max(n, 0);
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
