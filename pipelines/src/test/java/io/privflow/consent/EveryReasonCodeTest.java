package io.privflow.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.privflow.ingest.ReadInputs;
import io.privflow.model.CellRow;
import io.privflow.model.Pseudonym;
import io.privflow.model.PseudonymousEvent;
import io.privflow.pseudonymize.Pseudonymizer;
import io.privflow.regions.CellHistory;
import io.privflow.regions.GeoJsonRegions;
import io.privflow.regions.LocateCells;
import io.privflow.regions.MapToRegions;
import io.privflow.regions.RegionSet;
import io.privflow.rejects.Reason;
import io.privflow.rejects.Rejection;
import io.privflow.testing.Fixtures;
import io.privflow.testing.TestPipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11 item 18: every value of {@link Reason} is produced. For each code a record that breaks
 * exactly one rule is fed through the stage that emits it (the input readers, the region stage, the
 * consent registry reader), and that stage rejects it with exactly that code and nothing else. The
 * table must cover the whole enum, so a code added without a way to produce it fails here.
 *
 * <p>The class lives in the consent package because the registry reader is package-private; the
 * reader and region stages are public. Checked by making the cell reader reject an inverted validity
 * as BAD_NUMBER and the registry reader an identifier empty once normalised as MISSING_FIELD: both
 * stage tests failed. About 7 s (one DirectRunner pipeline; the registry is read in plain Java).
 */
class EveryReasonCodeTest {
  @TempDir Path dir;
  private static final long START = Instant.parse("2020-03-01T00:00:00Z").toEpochMilli();
  private static final long END = Instant.parse("2020-03-05T00:00:00Z").toEpochMilli();
  private static final String NETWORK = "subscriber_id,event_time,cell_id,event_type\n";
  private static final String GPS = "device_id,event_time,lat,lon,accuracy_m\n";
  private static final String CELLS = "cell_id,lat,lon,valid_from,valid_to,range_m\n";
  private static final Pseudonym P = new Pseudonym(1, 2);

  /** One rejected record: the input kind, the file it is in (one data row) and its one rule broken. */
  private record Case(Reason reason, String kind, String text) {}

  private static final List<Case> INGEST = List.of(
      new Case(Reason.MISSING_FIELD, "network", NETWORK + "4511111111,2020-03-02T10:00:00Z,,call\n"),
      new Case(Reason.MALFORMED_ROW, "network", NETWORK + "4511111111,2020-03-02T10:00:00Z,cA,call,extra\n"),
      new Case(Reason.BAD_TIME, "network", NETWORK + "4511111111,the second of March,cA,call\n"),
      new Case(Reason.BAD_COORDINATE, "gps", GPS + "4533333333,2020-03-02T10:00:00Z,500,11.2,20\n"),
      new Case(Reason.BAD_NUMBER, "cells", CELLS + "cA,55.5,10.5,,,wide\n"),
      new Case(Reason.BAD_FOOTPRINT, "cells", CELLS + "cA,55.5,10.5,,,-1\n"),
      new Case(Reason.BAD_VALIDITY, "cells", CELLS + "cA,55.5,10.5,2020-03-05,2020-03-01,1000\n"));

  /** Region stage: an event whose cell is unknown, and one whose cell has no row valid that day. */
  private static final Map<Reason, PseudonymousEvent> REGIONS = Map.of(
      Reason.UNKNOWN_CELL, cellEvent("cNowhere", "2020-03-02T12:00:00Z"),
      Reason.CELL_NOT_VALID_AT_TIME, cellEvent("cLater", "2020-03-02T12:00:00Z"));

  /** Consent registry rows. */
  private static final Map<Reason, String> REGISTRY = Map.of(
      Reason.EMPTY_IDENTIFIER, " + - ( ) ,public_health_research,2020-02-01T00:00:00Z,,,v1,app\n",
      Reason.UNKNOWN_PURPOSE, "4522222222,marketing,2020-02-01T00:00:00Z,,,v1,app\n");

  private static PseudonymousEvent cellEvent(String cell, String time) {
    return new PseudonymousEvent(P, Instant.parse(time).toEpochMilli(), cell, Double.NaN, Double.NaN);
  }

  @Test
  void theTableCoversEveryReasonCodeOnce() {
    List<Reason> covered = new ArrayList<>();
    INGEST.forEach(c -> covered.add(c.reason()));
    covered.addAll(REGIONS.keySet());
    covered.addAll(REGISTRY.keySet());
    assertEquals(Reason.values().length, covered.size(), covered.toString());
    assertEquals(EnumSet.allOf(Reason.class), EnumSet.copyOf(covered));
  }

  /** Ingest and region codes, in one pipeline: each file, or each event, gives exactly its one code. */
  @Test
  void theReadersAndTheRegionStageProduceEachOfTheirCodes() throws Exception {
    Pipeline p = TestPipelines.create();
    List<PCollection<Rejection>> rejected = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (Case c : INGEST) {
      Path f = dir.resolve(c.reason() + ".csv");
      Files.writeString(f, c.text());
      List<String> files = List.of(f.toString());
      PCollection<Rejection> read = switch (c.kind()) {
        case "network" -> p.apply("Read " + c.reason(), ReadInputs.networkEvents(files, START, END)).rejected();
        case "gps" -> p.apply("Read " + c.reason(), ReadInputs.gpsEvents(files, START, END)).rejected();
        default -> p.apply("Read " + c.reason(), ReadInputs.cells(files)).rejected();
      };
      rejected.add(read);
      expected.add(f.getFileName() + "#1 ingest " + c.reason());
    }
    RegionSet regions = GeoJsonRegions.load(Fixtures.tiny("regions.geojson"), "id", "name", w -> { });
    // cLater's only row starts on 2020-03-03 (UTC day 18324): the event of 2020-03-02 has no valid row
    PCollectionView<Map<String, CellHistory>> cells = p
        .apply("Cells", Create.of(new CellRow("cLater", 55.5, 10.5, 18324, CellRow.OPEN_END)).withCoder(CellRow.CODER))
        .apply(new LocateCells(regions));
    for (var e : REGIONS.entrySet()) {
      PCollection<Rejection> r = p.apply("Event " + e.getKey(), Create.of(e.getValue())
          .withCoder(PseudonymousEvent.CODER)).apply("Map " + e.getKey(), new MapToRegions(regions, cells)).rejected();
      PAssert.that(r.apply("Describe " + e.getKey(), MapElements.into(TypeDescriptors.strings())
          .via(x -> x.stage().label() + " " + x.reason() + " " + x.pseudonym().toHex())))
          .containsInAnyOrder("regions " + e.getKey() + " " + P.toHex());
    }
    PAssert.that(PCollectionList.of(rejected).apply(Flatten.pCollections())
            .apply(MapElements.into(TypeDescriptors.strings())
                .via(r -> r.file() + "#" + r.recordNumber() + " " + r.stage().label() + " " + r.reason())))
        .containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  /** Registry codes: each row gives exactly its code, and nothing of it becomes a grant. */
  @Test
  void theConsentRegistryProducesItsCodes() throws Exception {
    Pseudonymizer pseudonymizer = Pseudonymizer.fromKeyFile(Fixtures.key(dir));
    ConsentPurposes purposes = ConsentPurposes.of(ConsentExportTest.PURPOSES);
    for (var e : REGISTRY.entrySet()) {
      Path f = dir.resolve(e.getKey() + "-registry.csv");
      Files.writeString(f, ConsentExportTest.HEADER + e.getValue());
      ConsentRegistry.Contents read = ConsentRegistry.read(List.of(f), pseudonymizer, purposes);
      assertEquals(List.of(), read.grants(), e.getKey().name());
      assertEquals(List.of(e.getKey()), read.rejected().stream().map(ConsentRegistry.Rejected::reason).toList());
      assertEquals(1, read.rejected().get(0).recordNumber());
    }
  }
}
