package io.privflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.cli.Privflow;
import io.privflow.files.LocalParquet;
import io.privflow.model.RawEvent;
import io.privflow.rejects.StageResult;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import io.privflow.testing.TestPipelines;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corpus of hostile inputs: each gives a reasoned rejection or a clear one-line message. */
class HostileInputTest {
  @TempDir Path dir;
  private static final long START = Instant.parse("2020-03-01T00:00:00Z").toEpochMilli();
  private static final long END = Instant.parse("2020-03-05T00:00:00Z").toEpochMilli();

  @Test
  void recordLevelHostilityIsRejectedWithReasonsAndNothingIsLost() throws Exception {
    Path f = dir.resolve("hostile.csv");
    try (OutputStream out = Files.newOutputStream(f)) {
      out.write("event_time,cell_id,subscriber_id\n".getBytes(StandardCharsets.UTF_8)); // header order differs
      out.write("2020-03-02T10:00:00Z,cA,4511\n".getBytes(StandardCharsets.UTF_8)); // fine
      out.write("\n   \n".getBytes(StandardCharsets.UTF_8)); // blank lines: not records
      out.write("2020-03-02T10:00:00Z,cA\n".getBytes(StandardCharsets.UTF_8)); // too few columns
      out.write("2020-03-02T10:00:00Z,cA,4511,extra\n".getBytes(StandardCharsets.UTF_8)); // too many
      out.write("2020-03-02T10:00:00Z,\"cA,4511\n".getBytes(StandardCharsets.UTF_8)); // unbalanced quote
      out.write(new byte[] {'2', '0', ',', 'c', ',', (byte) 0xC3, (byte) 0x28, '\n'}); // invalid UTF-8
      out.write(("2020-03-02T10:00:00Z,cA," + "9".repeat(10 * 1024 * 1024) + "\n").getBytes(StandardCharsets.UTF_8));
      out.write("1900-01-01T00:00:00Z,cA,4511\n".getBytes(StandardCharsets.UTF_8)); // far past: filtered
      out.write("2999-01-01T00:00:00Z,cA,4511\n".getBytes(StandardCharsets.UTF_8)); // far future: filtered
      out.write("+999999999-12-31T23:59:59Z,cA,4511\n".getBytes(StandardCharsets.UTF_8)); // absurd
      out.write("2020-03-02T10:00:00,cA,4511\n".getBytes(StandardCharsets.UTF_8)); // no zone
      out.write("2020-03-02T10:00:00Z,cA,4511\n".getBytes(StandardCharsets.UTF_8)); // exact duplicate: kept here
    }
    Pipeline p = TestPipelines.create();
    StageResult<RawEvent> t = p.apply(ReadInputs.networkEvents(List.of(f.toString()), START, END));
    PAssert.that(t.accepted().apply(MapElements.into(TypeDescriptors.strings()).via(RawEvent::identifier)))
        .containsInAnyOrder("4511", "4511");
    PAssert.that(t.rejected().apply(MapElements.into(TypeDescriptors.strings())
            .via(r -> r.recordNumber() + ":" + r.reason())))
        .containsInAnyOrder("2:MALFORMED_ROW", "3:MALFORMED_ROW", "4:MALFORMED_ROW", "5:MALFORMED_ROW",
            "6:MALFORMED_ROW", "9:BAD_TIME", "10:BAD_TIME");
    // read = accepted + rejected + filtered: 11 records = 2 + 7 + 2, from the per-bundle tallies
    PAssert.that(t.tallies().apply(org.apache.beam.sdk.transforms.Sum.longsPerKey()))
        .containsInAnyOrder(org.apache.beam.sdk.values.KV.of("read.network_events", 11L),
            org.apache.beam.sdk.values.KV.of("filtered.network_events", 2L));
    p.run().waitUntilFinish();
  }

  private int cli(ByteArrayOutputStream err, String... args) {
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true));
    try {
      return Privflow.run(args);
    } finally {
      System.setErr(saved);
    }
  }

  private void assertOneLine(ByteArrayOutputStream err, String expected) {
    String text = err.toString();
    assertTrue(text.contains(expected), text);
    assertFalse(text.contains("\tat "), "no stack trace: " + text);
  }

  @Test
  void parquetWithAnotherSchemaIsAClearMessage() throws Exception {
    Schema other = SchemaBuilder.record("Other").fields().requiredString("msisdn").requiredLong("ts").endRecord();
    Path bad = dir.resolve("other.parquet");
    try (ParquetWriter<GenericRecord> w = LocalParquet.genericWriter(bad, other)) {
      GenericRecord r = new GenericData.Record(other);
      r.put("msisdn", "4511");
      r.put("ts", 1L);
      w.write(r);
    }
    Path req = RequestYaml.tiny().networkEvents(bad.toString()).write(dir);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = cli(err, "release", "--runner", "direct", "--policy", Fixtures.policy(dir).file().toString(),
        "--request", req.toString());
    assertEquals(1, code);
    assertOneLine(err, "other.parquet does not follow the NetworkEvent schema in schemas/: lacks column subscriber_id");
  }

  @Test
  void notParquetAtAllIsAClearMessage() throws Exception {
    Path bad = Files.writeString(dir.resolve("fake.parquet"), "this is not parquet");
    RequestYaml yaml = RequestYaml.tiny().gpsEvents(bad.toString());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = cli(err, "release", "--runner", "direct", "--policy", Fixtures.policy(dir).file().toString(),
        "--request", yaml.write(dir).toString());
    assertEquals(1, code);
    assertOneLine(err, "fake.parquet: not a readable Parquet file");
  }

  @Test
  void emptyInputsGiveAReleaseOfNoiseOnly() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.csv"), "");
    Path headerOnly = Files.writeString(dir.resolve("header.csv"), "device_id,event_time,lat,lon\n");
    RequestYaml yaml = RequestYaml.tiny().networkEvents(empty.toString()).gpsEvents(headerOnly.toString());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = cli(err, "release", "--runner", "direct", "--policy", Fixtures.policy(dir).file().toString(),
        "--request", yaml.write(dir).toString());
    assertEquals(0, code, err.toString());
    assertTrue(Files.exists(dir.resolve("release/od_counts.csv")));
  }

  @Test
  void aFileWithoutHeaderIsRefusedWithoutQuotingItsFirstLine() throws Exception {
    Path noHeader = Files.writeString(dir.resolve("no-header.csv"), "4599887766,2020-03-02T10:00:00Z,cA\n");
    RequestYaml yaml = RequestYaml.tiny().networkEvents(noHeader.toString());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = cli(err, "release", "--runner", "direct", "--policy", Fixtures.policy(dir).file().toString(),
        "--request", yaml.write(dir).toString());
    assertEquals(1, code);
    assertOneLine(err, "no-header.csv: the header lacks column(s) subscriber_id, event_time, cell_id");
    assertFalse(err.toString().contains("4599887766"), "the first line's identifier is never echoed");
  }
}
