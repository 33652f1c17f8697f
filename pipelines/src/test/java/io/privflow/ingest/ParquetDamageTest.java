package io.privflow.ingest;

import static io.privflow.testing.ParquetPages.firstDataPageBody;
import static io.privflow.testing.ParquetPages.flipped;
import static io.privflow.testing.ParquetPages.readUnverified;
import static io.privflow.testing.ParquetPages.withFooterRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.cli.UserErrors;
import io.privflow.files.LocalParquet;
import io.privflow.schemas.NetworkEvent;
import io.privflow.testing.TestPipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11 item 12, the README's other promises for Parquet inputs (Request reference > Input
 * files): a file with fewer rows than its footer says, a page that cannot be decoded, and a
 * truncated file each fail the run with a message naming the file, and no row of it is used. (A
 * page whose checksum does not match: {@link ParquetIntegrityTest}.)
 *
 * <p>Checked by breaking the reader. {@code ParseParquetRowGroupFn} has two guards that back each
 * other up: a read error is a damaged file (the catch in {@code next}), and a row group that gives
 * fewer rows than its footer says is too ({@code n != group.rows()}). parquet-mr itself throws on
 * both files here, so removing either guard alone leaves the tests passing; with a read error
 * taken as the end of the row group and the count check removed, both the footer and the decode
 * test failed: the pipeline succeeded silently with the rows read before the damage. About 10 s for
 * the class (the first pipeline of the JVM takes most of it; each test is 1-2 s after it).
 */
class ParquetDamageTest {
  @TempDir Path dir;
  private static final long START = Instant.parse("2020-03-01T00:00:00Z").toEpochMilli();
  private static final long END = Instant.parse("2020-03-05T00:00:00Z").toEpochMilli();
  private static final int EVENTS = 500;

  private static NetworkEvent event(int i) {
    return NetworkEvent.newBuilder().setSubscriberId("45" + (10_000_000 + i * 7919 % 1_000_000))
        .setEventTime(Instant.parse("2020-03-02T00:00:00Z").plusSeconds(i * 61L))
        .setCellId("c" + (i * 31 % 40)).setEventType("call").build();
  }

  private Path write(String name, boolean checksums) throws IOException {
    Path f = dir.resolve(name);
    try (ParquetWriter<NetworkEvent> w = AvroParquetWriter.<NetworkEvent>builder(LocalParquet.outputFile(f))
        .withSchema(NetworkEvent.getClassSchema()).withCompressionCodec(CompressionCodecName.SNAPPY)
        .withPageWriteChecksumEnabled(checksums).build()) {
      for (int i = 0; i < EVENTS; i++) {
        w.write(event(i));
      }
    }
    return f;
  }

  /** The message of a read of {@code file} through privflow's input stage, which must fail. */
  private static String failedRead(Path file) {
    Pipeline p = TestPipelines.create();
    p.apply(ReadInputs.networkEvents(List.of(file.toString()), START, END));
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish(), "the read of " + file + " fails");
    String message = UserErrors.describe(e);
    // The message names the file on purpose; the values are looked for in the rest of it (a
    // temporary directory's random name once contained "4510" and failed this check).
    String rest = message.replace(file.toString(), "<file>");
    assertFalse(rest.contains("c1") || rest.contains("4510"), "no value in the message: " + message);
    return message;
  }

  /** The footer promises 501 rows, the pages hold 500 (each page intact, checksums valid). */
  @Test
  void fewerRowsThanTheFooterSaysFailsNamingTheFile() throws Exception {
    Path bad = withFooterRows(write("good.parquet", true), dir.resolve("short.parquet"), 1);
    try (ParquetFileReader r = ParquetFileReader.open(LocalParquet.inputFile(bad))) {
      assertEquals(EVENTS + 1, r.getRecordCount(), "the edited footer is read back");
    }
    String message = failedRead(bad);
    assertTrue(message.startsWith(bad + ": the Parquet file is damaged"), message);
    assertTrue(message.contains("rows are missing"), message);
  }

  /**
   * A file written without page checksums (they are optional), with one bit of cell_id's first data
   * page flipped so that the page no longer decodes (its Snappy block is broken): the decoder, not a
   * checksum, finds it.
   */
  @Test
  void aPageThatCannotBeDecodedFailsNamingTheFile() throws Exception {
    Path good = write("plain.parquet", false);
    assertEquals(EVENTS, readUnverified(good).size());
    long[] body = firstDataPageBody(good, "cell_id", false);
    Path bad = dir.resolve("undecodable.parquet");
    boolean found = false;
    for (long offset = body[0]; offset < body[1] && !found; offset++) {
      for (int bit = 0; bit < 8 && !found; bit++) {
        found = readUnverified(flipped(good, bad, offset, bit)) == null;
      }
    }
    assertTrue(found, "some flipped bit makes the page undecodable");
    String message = failedRead(bad);
    assertTrue(message.startsWith(bad + ": the Parquet file is damaged"), message);
  }

  /** Cut short anywhere, a file loses its footer: refused as not readable, naming the file. */
  @Test
  void aTruncatedFileFailsNamingTheFile() throws Exception {
    byte[] whole = Files.readAllBytes(write("whole.parquet", true));
    for (int keep : new int[] {whole.length / 2, whole.length - 1}) {
      Path bad = dir.resolve("cut-" + keep + ".parquet");
      Files.write(bad, Arrays.copyOf(whole, keep));
      String message = failedRead(bad);
      assertTrue(message.startsWith(bad + ": not a readable Parquet file"), message);
    }
    assertNotNull(readUnverified(dir.resolve("whole.parquet")));
  }
}
