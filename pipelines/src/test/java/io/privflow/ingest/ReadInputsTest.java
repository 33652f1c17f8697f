package io.privflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.privflow.files.LocalParquet;
import io.privflow.model.CellRow;
import io.privflow.model.RawEvent;
import io.privflow.rejects.Reason;
import io.privflow.rejects.Rejection;
import io.privflow.rejects.StageResult;
import io.privflow.schemas.NetworkEvent;
import io.privflow.testing.Fixtures;
import io.privflow.testing.TestPipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadInputsTest {
  @TempDir Path dir;
  private static final long START = Instant.parse("2020-03-01T00:00:00Z").toEpochMilli();
  private static final long END = Instant.parse("2020-03-05T00:00:00Z").toEpochMilli();

  @Test
  void csvRowsAreAcceptedOrRejectedWithAReason() {
    Pipeline p = TestPipelines.create();
    StageResult<RawEvent> t = p.apply(ReadInputs.networkEvents(List.of(Fixtures.tiny("network_events.csv").toString()), START, END));
    PAssert.that(t.accepted().apply(MapElements.into(TypeDescriptors.strings()).via(RawEvent::identifier)))
        .containsInAnyOrder("4511111111", "4511111111", "4511111111", "4522222222", "4522222222", "4522222222",
            "4522222222", "4522222222", "4533333333", "4544444444", "4544444444", "4544444444");
    PAssert.that(t.rejected().apply(MapElements.into(TypeDescriptors.strings())
            .via(r -> r.reason() + "@" + r.recordNumber())))
        .containsInAnyOrder("BAD_TIME@13", "MISSING_FIELD@14", "MALFORMED_ROW@16");
    p.run().waitUntilFinish();
  }

  @Test
  void headerOrderDoesNotMatterAndQuotedFieldsParse() throws Exception {
    Path f = dir.resolve("events.csv");
    Files.writeString(f, "cell_id,event_time,subscriber_id\n\"c,1\",2020-03-02T10:00:00+01:00,\"+45 99\"\n\n\"broken,2020-03-02T10:00:00Z,45\n");
    Pipeline p = TestPipelines.create();
    StageResult<RawEvent> t = p.apply(ReadInputs.networkEvents(List.of(f.toString()), START, END));
    PAssert.that(t.accepted()).containsInAnyOrder(
        RawEvent.atCell("4599", Instant.parse("2020-03-02T09:00:00Z").toEpochMilli(), "c,1", "events.csv", 1));
    PAssert.that(t.rejected().apply(MapElements.into(TypeDescriptors.strings()).via(r -> r.reason().name())))
        .containsInAnyOrder(Reason.MALFORMED_ROW.name());
    p.run().waitUntilFinish();
  }

  @Test
  void gpsCoordinatesAreValidated() throws Exception {
    Path f = dir.resolve("gps.csv");
    Files.writeString(f, """
        device_id,event_time,lat,lon
        d1,2020-03-02T10:00:00Z,55.5,10.5
        d1,2020-03-02T10:00:00Z,NaN,10.5
        d1,2020-03-02T10:00:00Z,91,10.5
        d1,2020-03-02T10:00:00Z,55,Infinity
        d1,2020-03-02T10:00:00Z,0,0
        d1,2020-03-02T10:00:00Z,abc,10
        d1,2020-03-02T10:00:00Z,,10
        """);
    Pipeline p = TestPipelines.create();
    StageResult<RawEvent> t = p.apply(ReadInputs.gpsEvents(List.of(f.toString()), START, END));
    PAssert.that(t.accepted()).containsInAnyOrder(
        RawEvent.atPoint("d1", Instant.parse("2020-03-02T10:00:00Z").toEpochMilli(), 55.5, 10.5, "gps.csv", 1));
    PAssert.that(t.rejected().apply(MapElements.into(TypeDescriptors.strings()).via(r -> r.reason().name())))
        .containsInAnyOrder("BAD_COORDINATE", "BAD_COORDINATE", "BAD_COORDINATE", "BAD_COORDINATE", "BAD_COORDINATE",
            "MISSING_FIELD");
    p.run().waitUntilFinish();
  }

  @Test
  void parquetHoldsTheSameFieldsAsCsv() throws Exception {
    Path f = dir.resolve("events.parquet");
    try (ParquetWriter<NetworkEvent> w = LocalParquet.writer(f, NetworkEvent.getClassSchema())) {
      w.write(NetworkEvent.newBuilder().setSubscriberId("+45 12").setEventTime(Instant.parse("2020-03-02T10:00:00Z"))
          .setCellId("cA").setEventType("call").build());
      w.write(NetworkEvent.newBuilder().setSubscriberId("4512").setEventTime(null).setCellId("cA").build());
      w.write(NetworkEvent.newBuilder().setSubscriberId("4512").setEventTime(Instant.parse("2021-01-01T00:00:00Z"))
          .setCellId("cA").build());
    }
    Pipeline p = TestPipelines.create();
    StageResult<RawEvent> t = p.apply(ReadInputs.networkEvents(List.of(f.toString()), START, END));
    PAssert.that(t.accepted()).containsInAnyOrder(
        RawEvent.atCell("4512", Instant.parse("2020-03-02T10:00:00Z").toEpochMilli(), "cA", "events.parquet", 1));
    PAssert.that(t.rejected().apply(MapElements.into(TypeDescriptors.strings()).via(r -> r.reason().name())))
        .containsInAnyOrder("MISSING_FIELD");
    // a Parquet row is as traceable as a CSV line: its file and 1-based record number
    PAssert.that(t.rejected().apply("Where", MapElements.into(TypeDescriptors.strings())
            .via(r -> r.file() + "#" + r.recordNumber())))
        .containsInAnyOrder("events.parquet#2");
    p.run().waitUntilFinish();
  }

  @Test
  void cellRowsCarryTheirValidity() {
    Pipeline p = TestPipelines.create();
    StageResult<CellRow> t = p.apply(ReadInputs.cells(List.of(Fixtures.tiny("cells.csv").toString())));
    PAssert.that(t.accepted().apply(MapElements.into(TypeDescriptors.strings())
            .via(c -> c.cellId() + ":" + (c.validFromDay() == CellRow.OPEN_START ? "open" : c.validFromDay()))))
        .containsInAnyOrder("cA:open", "cB:open", "cC:open", "cMoved:18322", "cMoved:18324", "cSea:open", "cOld:17897");
    PAssert.that(t.rejected()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void rejectionsNeverQuoteTheFieldValue() {
    RecordParsers parsers = new RecordParsers(START, END);
    CsvRow row = new CsvRow(List.of("subscriber_id", "event_time", "cell_id"));
    row.reset(new String[] {"4512345678", "4512345678", "cA"});
    Parsed<RawEvent> parsed = parsers.network(row);
    Parsed.Bad<RawEvent> bad = (Parsed.Bad<RawEvent>) parsed;
    assertEquals(Reason.BAD_TIME, bad.reason());
    assertEquals(false, bad.detail().contains("4512345678"));
    List<Rejection> none = new ArrayList<>();
    assertEquals(0, none.size());
  }
}
