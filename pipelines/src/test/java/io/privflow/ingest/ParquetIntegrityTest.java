package io.privflow.ingest;

import static io.privflow.testing.ParquetPages.firstDataPageBody;
import static io.privflow.testing.ParquetPages.flipped;
import static io.privflow.testing.ParquetPages.readUnverified;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import io.privflow.cli.Privflow;
import io.privflow.cli.UserErrors;
import io.privflow.files.LocalParquet;
import io.privflow.model.RawEvent;
import io.privflow.rejects.StageResult;
import io.privflow.schemas.NetworkEvent;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import io.privflow.testing.TestPipelines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet integrity: privflow writes page checksums and verifies them on read, so one flipped bit
 * in a data page fails the run (naming the file) instead of silently moving events to other cells;
 * and every Parquet row is traceable to its file and record number, across row groups.
 */
class ParquetIntegrityTest {
  @TempDir Path dir;
  private static final long START = Instant.parse("2020-03-01T00:00:00Z").toEpochMilli();
  private static final long END = Instant.parse("2020-03-05T00:00:00Z").toEpochMilli();
  private static final int EVENTS = 500;

  private static NetworkEvent event(int i) {
    return NetworkEvent.newBuilder().setSubscriberId("45" + (10_000_000 + i * 7919 % 1_000_000))
        .setEventTime(Instant.parse("2020-03-02T00:00:00Z").plusSeconds(i * 61L))
        .setCellId("c" + (i * 31 % 40)).setEventType("call").build();
  }

  /** Network events written by privflow's own writer. */
  private Path writeEvents(String name) throws IOException {
    Path f = dir.resolve(name);
    try (ParquetWriter<NetworkEvent> w = LocalParquet.writer(f, NetworkEvent.getClassSchema())) {
      for (int i = 0; i < EVENTS; i++) {
        w.write(event(i));
      }
    }
    return f;
  }

  @Test
  void aFlippedBitInADataPageFailsTheReadNamingTheFile() throws Exception {
    Path good = writeEvents("good.parquet");
    List<String> original = readUnverified(good);
    assertEquals(EVENTS, original.size());

    // Find a bit of cell_id's first data page that, flipped, still decodes without verification,
    // into other values: the silent corruption the review found (events moved to other cells).
    long[] body = firstDataPageBody(good, "cell_id");
    Path bad = dir.resolve("events.parquet");
    Long silent = null;
    for (long offset = body[0]; offset < body[1] && silent == null; offset++) {
      for (int bit = 0; bit < 8 && silent == null; bit++) {
        List<String> rows = readUnverified(flipped(good, bad, offset, bit));
        if (rows != null && rows.size() == EVENTS && !rows.equals(original)) {
          silent = offset * 8 + bit;
        }
      }
    }
    assertNotNull(silent, "some flip in the page decodes silently into other values without verification");
    flipped(good, bad, silent / 8, (int) (silent % 8));
    List<String> unverified = readUnverified(bad);
    assertNotNull(unverified, "without checksum verification the damaged file reads without an error");
    assertNotEquals(original, unverified, "... and gives other values");

    // privflow's reader verifies the checksums: the pipeline fails, no altered row is accepted.
    Pipeline p = TestPipelines.create();
    p.apply(ReadInputs.networkEvents(List.of(bad.toString()), START, END));
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    String message = UserErrors.describe(e);
    assertTrue(message.startsWith(bad.toString() + ": the Parquet file is damaged"), message);
    assertTrue(message.contains("checksum"), message);

    // The other readers (consent registry, tools) verify too.
    Exception direct = assertThrows(Exception.class, () -> {
      try (ParquetReader<GenericRecord> r = LocalParquet.reader(bad)) {
        while (r.read() != null) {
          // read every row
        }
      }
    });
    boolean checksum = false;
    for (Throwable c = direct; c != null; c = c.getCause()) {
      checksum |= String.valueOf(c.getMessage()).contains("checksum");
    }
    assertTrue(checksum, "the checksum caught it: " + direct);
  }

  /** Both of privflow's writers (every Parquet file it or its generator writes) put checksums on pages. */
  @Test
  void bothWritersPutAChecksumOnThePages() throws Exception {
    Path specific = writeEvents("specific.parquet");
    Path generic = dir.resolve("generic.parquet");
    try (ParquetWriter<GenericRecord> w = LocalParquet.genericWriter(generic, NetworkEvent.getClassSchema())) {
      GenericRecord r = new GenericData.Record(NetworkEvent.getClassSchema());
      r.put("subscriber_id", "4511");
      r.put("event_time", 1_583_100_000_000L);
      r.put("cell_id", "cA");
      w.write(r);
    }
    for (Path f : List.of(specific, generic)) {
      for (String column : List.of("subscriber_id", "event_time", "cell_id")) {
        firstDataPageBody(f, column); // asserts the page header holds a CRC
      }
    }
  }

  @Test
  void theUndamagedFileReadsWhole() throws Exception {
    Path good = writeEvents("events.parquet");
    Pipeline p = TestPipelines.create();
    StageResult<RawEvent> t = p.apply(ReadInputs.networkEvents(List.of(good.toString()), START, END));
    PAssert.that(t.accepted().apply(Count.globally())).containsInAnyOrder((long) EVENTS);
    PAssert.that(t.rejected()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void aDamagedFileIsOneLineOnTheCommandLine() throws Exception {
    Path good = writeEvents("good.parquet");
    long[] body = firstDataPageBody(good, "cell_id");
    Path bad = flipped(good, dir.resolve("cdr.parquet"), (body[0] + body[1]) / 2, 3);
    Path req = RequestYaml.tiny().networkEvents(bad.toString()).write(dir);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true));
    int code;
    try {
      code = Privflow.run("release", "--runner", "direct", "--policy", Fixtures.policy(dir).file().toString(),
          "--request", req.toString());
    } finally {
      System.setErr(saved);
    }
    String text = err.toString();
    assertEquals(1, code, text);
    assertTrue(text.contains("privflow: " + bad + ": the Parquet file is damaged"), text);
    assertEquals(1, text.lines().filter(l -> l.startsWith("privflow: ")).count(), text);
    assertFalse(text.contains("\tat "), "no stack trace: " + text);
    assertFalse(Files.exists(dir.resolve("release")), "nothing was published");
  }

  /** Rows of a file of many row groups (read in parallel) keep their 1-based record numbers. */
  @Test
  void rowsOfEveryRowGroupKnowTheirRecordNumber() throws Exception {
    Path f = dir.resolve("groups.parquet");
    try (ParquetWriter<NetworkEvent> w = AvroParquetWriter.<NetworkEvent>builder(LocalParquet.outputFile(f))
        .withSchema(NetworkEvent.getClassSchema()).withCompressionCodec(CompressionCodecName.SNAPPY)
        .withPageWriteChecksumEnabled(true).withRowGroupSize(2048).build()) {
      for (int i = 0; i < EVENTS; i++) {
        // every 50th row lacks its cell: rejected, so its record number shows
        w.write(i % 50 == 49 ? NetworkEvent.newBuilder(event(i)).setCellId(null).build() : event(i));
      }
    }
    try (ParquetFileReader r = ParquetFileReader.open(LocalParquet.inputFile(f))) {
      assertTrue(r.getFooter().getBlocks().size() >= 3, "the file has several row groups");
    }
    Pipeline p = TestPipelines.create();
    StageResult<RawEvent> t = p.apply(ReadInputs.networkEvents(List.of(f.toString()), START, END));
    List<String> expected = new ArrayList<>();
    for (int i = 50; i <= EVENTS; i += 50) {
      expected.add("groups.parquet#" + i + " MISSING_FIELD");
    }
    PAssert.that(t.rejected().apply(MapElements.into(TypeDescriptors.strings())
            .via(r -> r.file() + "#" + r.recordNumber() + " " + r.reason())))
        .containsInAnyOrder(expected);
    PAssert.that(t.accepted().apply("Where", MapElements.into(TypeDescriptors.strings())
            .via(e -> e.file() + "#" + e.recordNumber())).apply(Count.globally()))
        .containsInAnyOrder((long) (EVENTS - EVENTS / 50));
    PAssert.that(t.accepted().apply("Record", MapElements.into(TypeDescriptors.longs())
            .via(RawEvent::recordNumber)).apply("Sum", org.apache.beam.sdk.transforms.Sum.longsGlobally()))
        .containsInAnyOrder((long) EVENTS * (EVENTS + 1) / 2 - 50L * (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10));
    p.run().waitUntilFinish();
  }
}
