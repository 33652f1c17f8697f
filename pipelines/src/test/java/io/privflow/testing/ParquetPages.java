package io.privflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.files.LocalParquet;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;

/**
 * Damage to a Parquet file's pages, for the tests that show privflow's readers catch it: where a
 * column's first data page lies, a file with one bit flipped, and what a reader that does NOT verify
 * page checksums would make of it.
 */
public final class ParquetPages {
  private ParquetPages() {}

  /** Every row, read WITHOUT page checksum verification; null when the read fails. */
  public static List<String> readUnverified(Path f) {
    List<String> rows = new ArrayList<>();
    try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(LocalParquet.inputFile(f))
        .withDataModel(GenericData.get()).usePageChecksumVerification(false).build()) {
      for (GenericRecord g = r.read(); g != null; g = r.read()) {
        rows.add(g.toString());
      }
      return rows;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Byte range [start, end) of the (compressed) body of a column's first data page, from the footer. */
  public static long[] firstDataPageBody(Path f, String column) throws IOException {
    ColumnChunkMetaData chunk;
    try (ParquetFileReader r = ParquetFileReader.open(LocalParquet.inputFile(f))) {
      BlockMetaData block = r.getFooter().getBlocks().get(0);
      chunk = block.getColumns().stream()
          .filter(c -> c.getPath().toDotString().equals(column)).findFirst().orElseThrow();
    }
    long pageStart = chunk.getFirstDataPageOffset();
    try (InputStream raw = Files.newInputStream(f)) {
      raw.skipNBytes(pageStart);
      long[] consumed = {0};
      InputStream counting = new FilterInputStream(raw) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          consumed[0] += b < 0 ? 0 : 1;
          return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
          int n = super.read(buf, off, len);
          consumed[0] += Math.max(n, 0);
          return n;
        }
      };
      PageHeader header = Util.readPageHeader(counting);
      assertEquals(PageType.DATA_PAGE, header.getType());
      assertTrue(header.isSetCrc(), "privflow's writer puts a checksum on every page");
      long bodyStart = pageStart + consumed[0];
      return new long[] {bodyStart, bodyStart + header.getCompressed_page_size()};
    }
  }

  public static Path flipped(Path good, Path bad, long offset, int bit) throws IOException {
    byte[] bytes = Files.readAllBytes(good);
    bytes[(int) offset] ^= (byte) (1 << bit);
    Files.write(bad, bytes);
    return bad;
  }

  /**
   * Writes into {@code bad} a copy of {@code good} with one bit of {@code column}'s first data page
   * flipped, the first such bit that a reader without checksum verification decodes silently into
   * other rows (the corruption the review found); fails the test when there is none.
   */
  public static Path silentFlip(Path good, Path bad, String column) throws IOException {
    List<String> original = readUnverified(good);
    long[] body = firstDataPageBody(good, column);
    for (long offset = body[0]; offset < body[1]; offset++) {
      for (int bit = 0; bit < 8; bit++) {
        List<String> rows = readUnverified(flipped(good, bad, offset, bit));
        if (rows != null && rows.size() == original.size() && !rows.equals(original)) {
          return bad;
        }
      }
    }
    throw new AssertionError("no flipped bit of " + column + "'s first data page decodes silently");
  }
}
