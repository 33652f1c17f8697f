package io.privflow.locate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.privflow.ingest.ReadInputs;
import io.privflow.model.DeviceTrajectory;
import io.privflow.regions.CellHistory;
import io.privflow.regions.CoverageWeights;
import io.privflow.regions.EventPlacer;
import io.privflow.regions.LocateCells;
import io.privflow.regions.Region;
import io.privflow.regions.RegionSet;
import io.privflow.rejects.Reason;
import io.privflow.rejects.Source;
import io.privflow.rejects.StageResult;
import io.privflow.rejects.Tallies;
import io.privflow.request.Mapping;
import io.privflow.testing.Fixtures;
import io.privflow.testing.TestPipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The fused per-event step under coverage mapping, with the cells located by {@code LocateCells}
 * in coverage mode: each device's window goes to the region with the highest total weight, a
 * window whose footprints lie outside leaves the device unlocated, an event on a cell wholly
 * outside is counted outside the regions, an exact repeat counts once, and the reconciliation
 * adds up. About 4 s (one DirectRunner pipeline).
 */
class CoverageLocateTest {
  @TempDir Path dir;
  private static final GeometryFactory F = new GeometryFactory();
  private static final WindowScheme DAYS =
      WindowScheme.of(LocalDate.parse("2020-03-01"), LocalDate.parse("2020-03-05"), ZoneId.of("UTC"), Period.ofDays(1));

  private static Region box(String id, double lon0, double lon1, double lat0, double lat1) {
    return new Region(id, id, F.toGeometry(new Envelope(lon0, lon1, lat0, lat1)));
  }

  /** Left half (0), upper right (1) and lower right (2) quarters around (55 N, 10 E). */
  private static final RegionSet REGIONS = new RegionSet("quarters", List.of(box("left", 9, 10, 54, 56),
      box("upper-right", 10, 11, 55, 56), box("lower-right", 10, 11, 54, 55)), "0");

  @Test
  void devicesGoToTheirHighestWeightRegion() throws Exception {
    Path cells = Files.writeString(dir.resolve("cells.csv"), """
        cell_id,lat,lon,valid_from,valid_to,range_m,azimuth_deg,beamwidth_deg
        cHalf,55,10,,,5000,,
        cSector,55,10,,,5000,45,60
        cOut,60,20,,,1000,,
        cNoRange,55.5,9.5,,,,,
        """);
    Path events = Files.writeString(dir.resolve("events.csv"), """
        subscriber_id,event_time,cell_id
        4511111111,2020-03-01T10:00:00Z,cHalf
        4511111111,2020-03-01T11:00:00Z,cSector
        4511111111,2020-03-02T10:00:00Z,cHalf
        4511111111,2020-03-02T10:00:00Z,cHalf
        4522222222,2020-03-01T10:00:00Z,cOut
        4522222222,2020-03-01T11:00:00Z,cHalf
        4522222222,2020-03-02T10:00:00Z,cOut
        4533333333,2020-03-01T09:00:00Z,cSector
        4533333333,2020-03-01T10:00:00Z,cNoRange
        4544444444,2020-03-01T10:00:00Z,cUnknown
        """);
    Pipeline p = TestPipelines.create();
    PCollectionView<Map<String, CellHistory>> located = p
        .apply("ReadCells", ReadInputs.cells(List.of(cells.toString()))).accepted()
        .apply("LocateCells", new LocateCells(REGIONS, Mapping.COVERAGE));
    StageResult<DeviceTrajectory> fused = p.apply("Fused", new ReadAndLocate(List.of(events.toString()), List.of(),
        DAYS, REGIONS, Fixtures.key(dir), located, Mapping.COVERAGE));
    // 1111: day 0 upper right (1/4 + a whole sector beats 1/2), day 1 left (1/2; the repeat counts once).
    // 2222: day 0 left (cOut is out of scope); day 1 only cOut: not located.
    // 3333: a whole unit in upper right at 09:00 and in left at 10:00: a tie, the latest wins.
    PAssert.that(fused.accepted().apply("Show", MapElements.into(TypeDescriptors.strings())
            .via(d -> Arrays.toString(d.windows()) + Arrays.toString(d.regions()))))
        .containsInAnyOrder("[0, 1][1, 0]", "[0][0]", "[0][0]");
    PAssert.that(fused.tallies().apply("Sum", Sum.longsPerKey()).apply("NonZero", Filter.by(kv -> kv.getValue() != 0))
            .apply("ShowTallies", MapElements.into(TypeDescriptors.strings())
                .via(kv -> kv.getKey() + "=" + kv.getValue())))
        .containsInAnyOrder(Tallies.read(Source.NETWORK_EVENTS) + "=10",
            Tallies.accepted(Source.NETWORK_EVENTS) + "=7",
            Tallies.outsideRegions(Source.NETWORK_EVENTS) + "=2");
    // 10 read = 7 placed + 2 outside + 1 rejected.
    PAssert.that(fused.rejected().apply("Reasons", MapElements.into(TypeDescriptors.strings())
        .via(r -> r.reason().name()))).containsInAnyOrder(Reason.UNKNOWN_CELL.name());
    p.run().waitUntilFinish();
  }

  @Test
  void theSeparateStagePathRefusesCoverageHistories() {
    CellHistory coverage = new CellHistory(List.of(CellHistory.Placement.covering(0, 100_000,
        new CellHistory.Shares(new int[] {0, 1}, new int[] {CoverageWeights.UNIT / 2, CoverageWeights.UNIT / 2}))));
    assertThrows(IllegalStateException.class, () -> EventPlacer.placeCellAtTower(Map.of("c", coverage), "c", 0));
    // A tower-point history passes, and its shares are the whole unit in the tower's region.
    CellHistory tower = new CellHistory(List.of(new CellHistory.Placement(0, 100_000, 2)));
    assertEquals(2, EventPlacer.placeCellAtTower(Map.of("c", tower), "c", 0));
    assertEquals(new CellHistory.Shares(new int[] {2}, new int[] {CoverageWeights.UNIT}), tower.sharesOn(0));
  }
}
