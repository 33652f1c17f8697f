package io.privflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.model.RawEvent;
import io.privflow.rejects.StageResult;
import io.privflow.testing.TestPipelines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compressed CSV inputs (a CDR export is usually {@code .csv.gz}): the input check and the reader
 * decompress alike, for every compression privflow reads; the others are refused by name.
 */
class InputCompressionTest {
  @TempDir Path dir;
  private static final long START = Instant.parse("2020-03-01T00:00:00Z").toEpochMilli();
  private static final long END = Instant.parse("2020-03-05T00:00:00Z").toEpochMilli();
  private static final String CSV = "subscriber_id,event_time,cell_id\n"
      + "4511,2020-03-02T10:00:00Z,cA\n"
      + "4512,not-a-time,cA\n"
      + "4513,2020-03-02T11:00:00Z,cB\n";

  /** The CSV compressed as {@code c} writes it (a one-entry archive for zip, which Beam cannot write). */
  private Path compressed(String name, Compression c) throws IOException {
    Path f = dir.resolve(name);
    byte[] text = CSV.getBytes(StandardCharsets.UTF_8);
    if (c == Compression.ZIP) {
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(f))) {
        zip.putNextEntry(new ZipEntry("events.csv"));
        zip.write(text);
        zip.closeEntry();
      }
      return f;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (WritableByteChannel w = c.writeCompressed(Channels.newChannel(bytes))) {
      w.write(java.nio.ByteBuffer.wrap(text));
    }
    Files.write(f, bytes.toByteArray());
    return f;
  }

  private static List<Compression> supportedCompressed() {
    return InputCompression.SUPPORTED.stream().filter(c -> c != Compression.UNCOMPRESSED).toList();
  }

  /** Every supported compression through the input check and the release-path reader. */
  @Test
  void everySupportedCompressionIsCheckedAndReadLikePlainCsv() throws Exception {
    assertEquals(List.of(Compression.GZIP, Compression.BZIP2, Compression.ZIP, Compression.ZSTD, Compression.LZO,
        Compression.LZOP, Compression.DEFLATE), supportedCompressed());
    List<String> patterns = new ArrayList<>();
    List<String> identifiers = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    for (Compression c : supportedCompressed()) {
      String name = "cdr-" + c.name().toLowerCase(java.util.Locale.ROOT) + ".csv" + c.getSuggestedSuffix();
      Path f = compressed(name, c);
      assertEquals(c, InputCompression.of(name));
      assertEquals(List.of(f), InputCheck.check(InputKind.NETWORK_EVENTS, List.of(f.toString())), name);
      patterns.add(f.toString());
      identifiers.addAll(List.of("4511", "4513"));
      rejected.add(name + "#2 BAD_TIME");
    }
    Pipeline p = TestPipelines.create();
    StageResult<RawEvent> t = p.apply(ReadInputs.networkEvents(patterns, START, END));
    PAssert.that(t.accepted().apply(MapElements.into(TypeDescriptors.strings()).via(RawEvent::identifier)))
        .containsInAnyOrder(identifiers);
    PAssert.that(t.rejected().apply(MapElements.into(TypeDescriptors.strings())
            .via(r -> r.file() + "#" + r.recordNumber() + " " + r.reason())))
        .containsInAnyOrder(rejected);
    p.run().waitUntilFinish();
  }

  /** The review's case: the header of a .csv.gz was read without decompressing it. */
  @Test
  void aGzippedCdrExportPassesTheInputCheck() throws Exception {
    Path f = compressed("cdr-2020-03-02.csv.gz", Compression.GZIP);
    assertEquals(List.of(f), InputCheck.check(InputKind.NETWORK_EVENTS, List.of(dir.resolve("*.csv.gz").toString())));
  }

  @Test
  void aCompressionPrivflowDoesNotReadIsRefusedByName() throws Exception {
    Path f = Files.writeString(dir.resolve("cdr.csv.snappy"), CSV);
    var e = assertThrows(InputFormatException.class,
        () -> InputCheck.check(InputKind.NETWORK_EVENTS, List.of(f.toString())));
    assertEquals("cdr.csv.snappy: .snappy files are not read (supported compressions: .gz, .bz2, .zip, .zst,"
        + " .lzo_deflate, .lzo, .deflate)", e.getMessage());
  }

  @Test
  void aDamagedArchiveIsRefusedWithoutQuotingIt() throws Exception {
    byte[] gz = Files.readAllBytes(compressed("whole.csv.gz", Compression.GZIP));
    Path f = Files.write(dir.resolve("cdr.csv.gz"), java.util.Arrays.copyOf(gz, 12)); // truncated
    var e = assertThrows(InputFormatException.class,
        () -> InputCheck.check(InputKind.NETWORK_EVENTS, List.of(f.toString())));
    assertEquals("cdr.csv.gz: cannot be decompressed as a .gz file", e.getMessage());
    // Beam reads a ".gz" file without the gzip magic bytes as plain text, and so does the check:
    // this one then has no header, which is said without quoting its first line.
    Files.writeString(f, "4599887766,2020-03-02T10:00:00Z,cA\n");
    e = assertThrows(InputFormatException.class,
        () -> InputCheck.check(InputKind.NETWORK_EVENTS, List.of(f.toString())));
    assertTrue(e.getMessage().startsWith("cdr.csv.gz: the header lacks column(s)"), e.getMessage());
    assertFalse(e.getMessage().contains("4599887766"), e.getMessage());
  }

  @Test
  void aZipOfSeveralFilesIsRefused() throws Exception {
    Path f = dir.resolve("cdr.zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(f))) {
      for (String name : List.of("a.csv", "b.csv")) {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(CSV.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    var e = assertThrows(InputFormatException.class,
        () -> InputCheck.check(InputKind.NETWORK_EVENTS, List.of(f.toString())));
    assertEquals("cdr.zip: a .zip input must hold exactly one CSV file; it holds 2 entries", e.getMessage());
  }

  /** A bad byte after the header is the reader's to reject; the check decodes the header line only. */
  @Test
  void theCheckDecodesOnlyTheHeaderLine() throws Exception {
    Path f = dir.resolve("cdr.csv.gz");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new java.util.zip.GZIPOutputStream(bytes)) {
      gz.write("subscriber_id,event_time,cell_id\n".getBytes(StandardCharsets.UTF_8));
      gz.write(new byte[] {'4', '5', (byte) 0xC3, (byte) 0x28, ',', 'x', ',', 'y', '\n'});
    }
    Files.write(f, bytes.toByteArray());
    assertEquals(List.of(f), InputCheck.check(InputKind.NETWORK_EVENTS, List.of(f.toString())));
    Files.write(f, new byte[] {(byte) 0xC3, (byte) 0x28, '\n'});
    Path plain = Files.move(f, dir.resolve("cdr.csv"));
    var e = assertThrows(InputFormatException.class,
        () -> InputCheck.check(InputKind.NETWORK_EVENTS, List.of(plain.toString())));
    assertEquals("cdr.csv: the header line is not valid UTF-8", e.getMessage());
  }

  /** Parquet compresses its own pages: a .parquet file is never decompressed by its name. */
  @Test
  void parquetIsNeverDecompressedByName() {
    assertEquals(Compression.UNCOMPRESSED, InputCompression.of("events.gz.parquet"));
    assertEquals(Compression.UNCOMPRESSED, InputCompression.of("EVENTS.PARQUET"));
    assertTrue(InputCompression.isParquet("x.Parquet"));
  }
}
