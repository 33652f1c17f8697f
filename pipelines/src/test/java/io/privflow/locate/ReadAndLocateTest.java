package io.privflow.locate;

import io.privflow.files.LocalParquet;
import io.privflow.ingest.ReadInputs;
import io.privflow.model.DeviceTrajectory;
import io.privflow.model.RawEvent;
import io.privflow.pseudonymize.PseudonymizeEvents;
import io.privflow.regions.CellHistory;
import io.privflow.regions.GeoJsonRegions;
import io.privflow.regions.LocateCells;
import io.privflow.regions.MapToRegions;
import io.privflow.regions.RegionSet;
import io.privflow.rejects.Rejection;
import io.privflow.rejects.StageResult;
import io.privflow.schemas.NetworkEvent;
import io.privflow.testing.Fixtures;
import io.privflow.testing.TestPipelines;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fused per-event step gives what the separate stages give (read, pseudonymise, map to regions,
 * locate per window): the same trajectories, the same rejections with file, record number, stage
 * and pseudonym, and the same reconciliation tallies, on CSV and Parquet, network and GPS input with
 * bad records, unknown and expired cells, fixes outside every region, events outside the time
 * range and an exact duplicate. About 5 s.
 */
class ReadAndLocateTest {
  @TempDir Path dir;
  private static final WindowScheme DAYS =
      WindowScheme.of(LocalDate.parse("2020-03-01"), LocalDate.parse("2020-03-05"), ZoneId.of("UTC"), Period.ofDays(1));

  private Path parquetEvents() throws Exception {
    Path f = dir.resolve("more.parquet");
    String[][] rows = {
        {"4511111111", "2020-03-04T10:00:00Z", "cA"}, {"4511111111", "2020-03-04T10:00:00Z", "cA"}, // duplicate
        {"4577777777", "2020-03-02T10:00:00Z", "cC"}, {"4577777777", "2020-03-03T10:00:00Z", "cMoved"},
        {"4577777777", "2020-03-03T11:00:00Z", null}, {"4577777777", "2020-03-03T12:00:00Z", "cUnknown"},
        {"4577777777", "2021-03-03T12:00:00Z", "cA"}};
    try (ParquetWriter<NetworkEvent> w = LocalParquet.writer(f, NetworkEvent.getClassSchema())) {
      for (String[] r : rows) {
        w.write(NetworkEvent.newBuilder().setSubscriberId(r[0]).setEventTime(Instant.parse(r[1])).setCellId(r[2])
            .build());
      }
    }
    return f;
  }

  /** Each element as a +1 (fused) or -1 (separate stages) vote; what does not cancel out differs. */
  private static PCollection<String> differences(String name, PCollection<String> fused, PCollection<String> stages) {
    PCollection<KV<String, Integer>> a = fused.apply(name + "Fused", MapElements
        .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.integers())).via(s -> KV.of(s, 1)));
    PCollection<KV<String, Integer>> b = stages.apply(name + "Stages", MapElements
        .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.integers())).via(s -> KV.of(s, -1)));
    return PCollectionList.of(a).and(b).apply(name + "Both", Flatten.pCollections())
        .apply(name + "Sum", Sum.integersPerKey())
        .apply(name + "Differ", Filter.by(kv -> kv.getValue() != 0))
        .apply(name + "Show", MapElements.into(TypeDescriptors.strings()).via(kv -> kv.getValue() + " " + kv.getKey()));
  }

  private static PCollection<String> trajectories(String name, PCollection<DeviceTrajectory> t) {
    return t.apply(name, MapElements.into(TypeDescriptors.strings())
        .via(d -> d.pseudonym() + Arrays.toString(d.windows()) + Arrays.toString(d.regions())));
  }

  private static PCollection<String> rejections(String name, PCollection<Rejection> r) {
    return r.apply(name, MapElements.into(TypeDescriptors.strings())
        .via(x -> x.source() + " " + x.file() + "#" + x.recordNumber() + " " + x.stage() + " " + x.reason() + " "
            + x.pseudonym() + " " + x.detail()));
  }

  /** Summed tallies, zero figures left out (the fused step also reports the kinds it did not read). */
  private static PCollection<String> tallies(String name, List<PCollection<KV<String, Long>>> parts) {
    return PCollectionList.of(parts).apply(name + "All", Flatten.pCollections())
        .apply(name + "Sum", Sum.longsPerKey())
        .apply(name + "NonZero", Filter.by(kv -> kv.getValue() != 0))
        .apply(name + "Show", MapElements.into(TypeDescriptors.strings()).via(kv -> kv.getKey() + "=" + kv.getValue()));
  }

  @Test
  void theFusedStepGivesWhatTheSeparateStagesGive() throws Exception {
    RegionSet regions = GeoJsonRegions.load(Fixtures.tiny("regions.geojson"), "id", "name", w -> {});
    Path key = Fixtures.key(dir);
    List<String> network = List.of(Fixtures.tiny("network_events.csv").toString(), parquetEvents().toString());
    List<String> gps = List.of(Fixtures.tiny("gps_events.csv").toString());
    long start = DAYS.startMillis();
    long end = DAYS.endMillis();

    Pipeline p = TestPipelines.create();
    PCollectionView<Map<String, CellHistory>> cells = p
        .apply("ReadCells", ReadInputs.cells(List.of(Fixtures.tiny("cells.csv").toString()))).accepted()
        .apply("LocateCells", new LocateCells(regions));

    StageResult<DeviceTrajectory> fused = p.apply("Fused", new ReadAndLocate(network, gps, DAYS, regions, key, cells));

    StageResult<RawEvent> net = p.apply("ReadNetwork", ReadInputs.networkEvents(network, start, end));
    StageResult<RawEvent> fixes = p.apply("ReadGps", ReadInputs.gpsEvents(gps, start, end));
    StageResult<io.privflow.model.LocatedEvent> placed = PCollectionList.of(net.accepted()).and(fixes.accepted())
        .apply("AllEvents", Flatten.pCollections())
        .apply("Pseudonymize", PseudonymizeEvents.withKeyFile(key))
        .apply("MapToRegions", new MapToRegions(regions, cells));
    PCollection<DeviceTrajectory> separate = placed.accepted().apply("LocateDevices", new LocateDevices(DAYS));
    PCollection<Rejection> separateRejected = PCollectionList.of(net.rejected()).and(fixes.rejected())
        .and(placed.rejected()).apply("AllRejected", Flatten.pCollections());

    PAssert.that("trajectories", differences("T", trajectories("TF", fused.accepted()),
        trajectories("TS", separate))).empty();
    PAssert.that("rejections", differences("R", rejections("RF", fused.rejected()),
        rejections("RS", separateRejected))).empty();
    PAssert.that("tallies", differences("C", tallies("CF", List.of(fused.tallies())),
        tallies("CS", List.of(net.tallies(), fixes.tallies(), placed.tallies())))).empty();
    // Not trivially equal: devices were located and records of both stages rejected.
    PAssert.thatSingleton("devices", fused.accepted().apply("CountDevices", Count.globally())).isEqualTo(4L);
    PAssert.that("stages", fused.rejected().apply("Stages", MapElements.into(TypeDescriptors.strings())
            .via(r -> r.stage() + " " + (r.pseudonym() != null))).apply("Distinct", org.apache.beam.sdk.transforms.Distinct.create()))
        .containsInAnyOrder("INGEST false", "REGIONS true");
    p.run().waitUntilFinish();
  }
}
