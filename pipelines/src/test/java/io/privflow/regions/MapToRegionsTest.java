package io.privflow.regions;

import io.privflow.model.CellRow;
import io.privflow.model.LocatedEvent;
import io.privflow.model.Pseudonym;
import io.privflow.model.PseudonymousEvent;
import io.privflow.rejects.StageResult;
import io.privflow.testing.Fixtures;
import io.privflow.testing.TestPipelines;
import java.time.Instant;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class MapToRegionsTest {
  private static final Pseudonym P = new Pseudonym(1, 2);

  private static long t(String s) {
    return Instant.parse(s).toEpochMilli();
  }

  private static PseudonymousEvent cell(String cell, String time) {
    return new PseudonymousEvent(P, t(time), cell, Double.NaN, Double.NaN);
  }

  @Test
  void placesEventsThroughTheCellValidOnTheDayOrThePointAndRejectsTheRest() {
    RegionSet regions = GeoJsonRegions.load(Fixtures.tiny("regions.geojson"), "id", "name", w -> {});
    Pipeline p = TestPipelines.create();
    PCollectionView<Map<String, CellHistory>> cells = p
        .apply("Cells", Create.of(
                new CellRow("cMoved", 55.5, 10.4, 18322, 18323), // 2020-03-01..02 in A
                new CellRow("cMoved", 55.5, 11.6, 18324, CellRow.OPEN_END), // from 2020-03-03 in B
                new CellRow("cSea", 54.0, 10.5, CellRow.OPEN_START, CellRow.OPEN_END))
            .withCoder(CellRow.CODER))
        .apply(new LocateCells(regions));
    StageResult<LocatedEvent> out = p
        .apply("Events", Create.of(
                cell("cMoved", "2020-03-02T23:59:59Z"),
                cell("cMoved", "2020-03-03T00:00:00Z"),
                cell("cMoved", "2020-02-29T12:00:00Z"),
                cell("cSea", "2020-03-02T12:00:00Z"),
                cell("cNone", "2020-03-02T12:00:00Z"),
                new PseudonymousEvent(P, t("2020-03-02T12:00:00Z"), null, 56.5, 11.0),
                new PseudonymousEvent(P, t("2020-03-02T12:00:00Z"), null, 50.0, 11.0))
            .withCoder(PseudonymousEvent.CODER))
        .apply(new MapToRegions(regions, cells));
    PAssert.that(out.accepted()).containsInAnyOrder(
        new LocatedEvent(P, t("2020-03-02T23:59:59Z"), 0),
        new LocatedEvent(P, t("2020-03-03T00:00:00Z"), 1),
        new LocatedEvent(P, t("2020-03-02T12:00:00Z"), 2));
    // A fix outside every region (50.0, 11.0) and an event on a tower outside them (cSea) are out
    // of scope: counted as outside_regions, neither accepted nor rejected.
    PAssert.that(out.rejected().apply(MapElements.into(TypeDescriptors.strings())
            .via(r -> r.reason() + ":" + r.pseudonym().toHex())))
        .containsInAnyOrder("CELL_NOT_VALID_AT_TIME:" + P.toHex(), "UNKNOWN_CELL:" + P.toHex());
    PAssert.that(out.tallies().apply(Sum.longsPerKey())).containsInAnyOrder(
        KV.of("accepted.network_events", 2L), KV.of("accepted.gps_events", 1L),
        KV.of("outside_regions.network_events", 1L), KV.of("outside_regions.gps_events", 1L));
    p.run().waitUntilFinish();
  }

  /** A rejection of the region stage says where the event was read, like one of the reader's. */
  @Test
  void aRegionStageRejectionNamesTheFileAndRecordTheEventCameFrom() {
    RegionSet regions = GeoJsonRegions.load(Fixtures.tiny("regions.geojson"), "id", "name", w -> {});
    Pipeline p = TestPipelines.create();
    PCollectionView<Map<String, CellHistory>> cells = p
        .apply("Cells", Create.of(new CellRow("cA", 55.5, 10.5, CellRow.OPEN_START, CellRow.OPEN_END))
            .withCoder(CellRow.CODER))
        .apply(new LocateCells(regions));
    StageResult<LocatedEvent> out = p
        .apply("Events", Create.of(
                new PseudonymousEvent(P, t("2020-03-02T12:00:00Z"), "cNone", Double.NaN, Double.NaN,
                    "cdr-2020-03-02.csv", 4711))
            .withCoder(PseudonymousEvent.CODER))
        .apply(new MapToRegions(regions, cells));
    PAssert.that(out.rejected().apply(MapElements.into(TypeDescriptors.strings())
            .via(r -> r.stage().label() + "/" + r.reason() + " " + r.file() + "#" + r.recordNumber())))
        .containsInAnyOrder("regions/UNKNOWN_CELL cdr-2020-03-02.csv#4711");
    p.run().waitUntilFinish();
  }
}
