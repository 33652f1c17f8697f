package io.privflow.ingest;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.files.LocalParquet;
import io.privflow.model.RawEvent;
import io.privflow.rejects.StageResult;
import io.privflow.schemas.GpsEvent;
import io.privflow.schemas.NetworkEvent;
import io.privflow.testing.TestPipelines;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet events are decoded column by column into rows, without generic records: for dictionary
 * and plain pages, several row groups, nulls, blanks, padding and non-ASCII text, every record
 * comes out accepted, rejected or filtered exactly as the parquet-avro reader makes it; a column
 * type the fast path cannot read exactly (timestamp-micros) falls back to parquet-avro. About 4 s.
 */
class ParquetColumnsTest {
  @TempDir Path dir;
  private static final long START = Instant.parse("2020-03-01T00:00:00Z").toEpochMilli();
  private static final long END = Instant.parse("2020-03-05T00:00:00Z").toEpochMilli();
  private static final long IN = Instant.parse("2020-03-02T10:00:00Z").toEpochMilli();
  private static final String[] IDS = {null, "", "  ", " +45 12 34 ", "4511", "abc-é", "4511"};
  private static final String[] CELLS = {null, "", " cA ", "cé", "cA"};
  private static final int ROWS = 700;

  private static Object time(int i, boolean micros) {
    long t = i % 11 == 0 ? Instant.parse("2021-01-01T00:00:00Z").toEpochMilli() : IN + i * 60_000L;
    return i % 13 == 0 ? null : micros ? t * 1000 : t;
  }

  private Path network(String name, Schema schema, boolean dictionary, boolean micros) throws IOException {
    Path f = dir.resolve(name);
    try (ParquetWriter<GenericRecord> w = AvroParquetWriter.<GenericRecord>builder(LocalParquet.outputFile(f))
        .withSchema(schema).withDataModel(GenericData.get()).withCompressionCodec(CompressionCodecName.SNAPPY)
        .withPageWriteChecksumEnabled(true).withDictionaryEncoding(dictionary).withRowGroupSize(4096).build()) {
      for (int i = 0; i < ROWS; i++) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("subscriber_id", i % 5 == 0 ? "45" + i : IDS[i % IDS.length]); // many distinct ones too
        r.put("event_time", time(i, micros));
        r.put("cell_id", CELLS[i % CELLS.length]);
        w.write(r);
      }
    }
    return f;
  }

  private Path gps() throws IOException {
    Path f = dir.resolve("gps.parquet");
    Double[] lats = {55.5, null, Double.NaN, 91.0, 0.0, 55.25};
    Double[] lons = {10.5, 10.0, 10.0, 10.0, 0.0, -0.0};
    try (ParquetWriter<GenericRecord> w = LocalParquet.genericWriter(f, GpsEvent.getClassSchema())) {
      for (int i = 0; i < ROWS; i++) {
        GenericRecord r = new GenericData.Record(GpsEvent.getClassSchema());
        r.put("device_id", IDS[i % IDS.length]);
        r.put("event_time", time(i, false));
        r.put("lat", lats[i % lats.length]);
        r.put("lon", lons[(i / 2) % lons.length]);
        w.write(r);
      }
    }
    return f;
  }

  private static String outcome(RawEvent e) {
    return e.recordNumber() + " ok " + e.identifier() + " " + e.eventTimeMillis() + " " + e.cellId() + " " + e.lat()
        + " " + e.lon();
  }

  /** What the parquet-avro reader, the reference, makes of every record. */
  private static List<String> throughAvro(Path f, InputKind kind) throws IOException {
    RecordParsers parsers = new RecordParsers(START, END);
    AvroRow row = new AvroRow();
    List<String> out = new ArrayList<>();
    String name = f.getFileName().toString();
    long n = 0;
    try (ParquetReader<GenericRecord> r = LocalParquet.reader(f, kind.projection())) {
      for (GenericRecord g = r.read(); g != null; g = r.read()) {
        n++;
        row.reset(g);
        Parsed<RawEvent> p = kind == InputKind.GPS_EVENTS ? parsers.gps(row, name, n) : parsers.network(row, name, n);
        if (p instanceof Parsed.Ok<RawEvent> ok) {
          out.add(outcome(ok.value()));
        } else if (p instanceof Parsed.Bad<RawEvent> bad) {
          out.add(n + " " + bad.reason() + " " + bad.detail());
        } else {
          out.add(n + " filtered");
        }
      }
    }
    return out;
  }

  private static ParquetColumns fastPath(Path f, InputKind kind) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(LocalParquet.inputFile(f))) {
      return ParquetColumns.of(kind, r.getFooter().getFileMetaData().getSchema());
    }
  }

  @Test
  void columnsGiveWhatParquetAvroGives() throws Exception {
    Schema micros = SchemaBuilder.record("NetworkEvent").fields()
        .optionalString("subscriber_id")
        .name("event_time").type().unionOf().nullType().and()
        .type(org.apache.avro.LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG)))
        .endUnion().nullDefault()
        .optionalString("cell_id").endRecord();
    Path dictionary = network("dictionary.parquet", NetworkEvent.getClassSchema(), true, false);
    Path plain = network("plain.parquet", NetworkEvent.getClassSchema(), false, false);
    Path fallback = network("micros.parquet", micros, true, true);
    Path gps = gps();
    assertNotNull(fastPath(dictionary, InputKind.NETWORK_EVENTS));
    assertNotNull(fastPath(plain, InputKind.NETWORK_EVENTS));
    assertNotNull(fastPath(gps, InputKind.GPS_EVENTS));
    assertNull(fastPath(fallback, InputKind.NETWORK_EVENTS), "timestamp-micros is read through parquet-avro");
    try (ParquetFileReader r = ParquetFileReader.open(LocalParquet.inputFile(dictionary))) {
      assertTrue(r.getFooter().getBlocks().size() >= 3, "several row groups");
    }

    Pipeline p = TestPipelines.create();
    for (Path f : List.of(dictionary, plain, fallback, gps)) {
      InputKind kind = f == gps ? InputKind.GPS_EVENTS : InputKind.NETWORK_EVENTS;
      String name = f.getFileName().toString();
      StageResult<RawEvent> t = p.apply("Read " + name, kind == InputKind.GPS_EVENTS
          ? ReadInputs.gpsEvents(List.of(f.toString()), START, END)
          : ReadInputs.networkEvents(List.of(f.toString()), START, END));
      List<String> expected = throughAvro(f, kind);
      List<String> kept = expected.stream().filter(s -> !s.endsWith(" filtered")).toList();
      assertTrue(kept.size() > 100 && kept.size() < expected.size());
      PAssert.that("Outcomes of " + name, PCollectionListOf.of(t, name)).containsInAnyOrder(kept);
    }
    p.run().waitUntilFinish();
  }

  /** Accepted and rejected records of a read as one list of outcome lines. */
  private static final class PCollectionListOf {
    static PCollection<String> of(StageResult<RawEvent> t, String name) {
      PCollection<String> ok = t.accepted()
          .apply("Ok " + name, MapElements.into(TypeDescriptors.strings()).via(ParquetColumnsTest::outcome));
      PCollection<String> bad = t.rejected().apply("Bad " + name, MapElements.into(TypeDescriptors.strings())
          .via(r -> r.recordNumber() + " " + r.reason() + " " + r.detail()));
      return PCollectionList.of(ok).and(bad).apply("All " + name, Flatten.pCollections());
    }
  }
}
