package io.privflow.locate;

import io.privflow.ingest.InputKind;
import io.privflow.ingest.InputSplit;
import io.privflow.ingest.InputSplits;
import io.privflow.ingest.SplitReader;
import io.privflow.model.DeviceTrajectory;
import io.privflow.model.Pseudonym;
import io.privflow.regions.CellHistory;
import io.privflow.regions.CoverageTable;
import io.privflow.regions.RegionSet;
import io.privflow.rejects.BookEntry;
import io.privflow.rejects.StageResult;
import io.privflow.request.Mapping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The release's per-event path as one step: read, parse, pseudonymise, place in a region and
 * tally per device and window, for every event of a split (see {@link LocateEventsFn}). No
 * per-event record ever leaves the step, so the runner never serialises an event between
 * operators (each extra output of a step costs every record a copy on Flink, and a recomputation
 * on Spark); what leaves is one partial tally per device and bundle, and one small side output of
 * rejections and reconciliation tallies. The device tallies are then grouped by pseudonym and
 * merged into each device's trajectory: its modal region per window (see {@link TrajectoryFn}).
 *
 * <p>Accepts and rejects exactly what the separate stages do ({@code ReadInputs},
 * {@code PseudonymizeEvents}, {@code MapToRegions}, {@code LocateDevices}): it reads through the
 * same {@link SplitReader} and places through the same {@code EventPlacer}. Under coverage mapping
 * it is the only path: the separate stages place events at their tower's point only.
 */
public final class ReadAndLocate extends PTransform<PBegin, StageResult<DeviceTrajectory>> {
  private final List<String> networkEvents;
  private final List<String> gpsEvents;
  private final WindowScheme windows;
  private final RegionSet regions;
  private final String keyFile;
  private final PCollectionView<Map<String, CellHistory>> cells;
  private final Mapping mapping;
  /** The nights home detection looks at; null when no home metric is asked for (no detection, no cost). */
  private NightScheme nights;

  /**
   * @param networkEvents the network-event files to read (the run's pinned list)
   * @param gpsEvents the GPS files to read
   * @param keyFile the pseudonymisation key, read on each worker (never serialised into the graph)
   * @param cells the cell reference, located (see {@code LocateCells})
   */
  public ReadAndLocate(List<String> networkEvents, List<String> gpsEvents, WindowScheme windows, RegionSet regions,
      Path keyFile, PCollectionView<Map<String, CellHistory>> cells) {
    this(networkEvents, gpsEvents, windows, regions, keyFile, cells, Mapping.TOWER_POINT);
  }

  /**
   * @param mapping how network events are put in regions; under {@link Mapping#COVERAGE} the cells
   *     must have been located with the same mapping (their histories carry the shares)
   */
  public ReadAndLocate(List<String> networkEvents, List<String> gpsEvents, WindowScheme windows, RegionSet regions,
      Path keyFile, PCollectionView<Map<String, CellHistory>> cells, Mapping mapping) {
    this.mapping = mapping == null ? Mapping.TOWER_POINT : mapping;
    if (this.mapping == Mapping.COVERAGE && regions.size() >= CoverageTable.POINT_BASE) {
      // A GPS fix's tally id is POINT_BASE + its region (see CoverageTable).
      throw new IllegalArgumentException("coverage mapping takes fewer than " + CoverageTable.POINT_BASE
          + " regions");
    }
    this.networkEvents = List.copyOf(networkEvents);
    this.gpsEvents = List.copyOf(gpsEvents);
    this.windows = windows;
    this.regions = regions;
    this.keyFile = keyFile.toAbsolutePath().toString();
    this.cells = cells;
  }

  /** Also detects each device's home over {@code nights} (see {@link HomeDetector}). */
  public ReadAndLocate withHomes(NightScheme nights) {
    this.nights = nights;
    return this;
  }

  @Override
  public StageResult<DeviceTrajectory> expand(PBegin begin) {
    List<PCollection<KV<FileIO.ReadableFile, InputSplit>>> splits = new ArrayList<>();
    if (!networkEvents.isEmpty()) {
      splits.add(begin.apply("NetworkSplits", InputSplits.of(InputKind.NETWORK_EVENTS, networkEvents)));
    }
    if (!gpsEvents.isEmpty()) {
      splits.add(begin.apply("GpsSplits", InputSplits.of(InputKind.GPS_EVENTS, gpsEvents)));
    }
    PCollection<KV<FileIO.ReadableFile, InputSplit>> all = splits.isEmpty()
        ? begin.apply("NoSplits", Create.empty(InputSplits.CODER))
        : PCollectionList.of(splits).apply("AllSplits", Flatten.pCollections()).setCoder(InputSplits.CODER);

    TupleTag<KV<Pseudonym, TrajectoryFn.Tally>> devices = new TupleTag<>("devices") {};
    TupleTag<BookEntry> books = new TupleTag<>("books") {};
    PCollectionTuple out = all
        .apply("SpreadSplits", Reshuffle.viaRandomKey())
        .apply("LocateEvents", ParDo.of(new LocateEventsFn(SplitReader.events(windows.startMillis(),
                windows.endMillis()), keyFile, regions, windows, cells, books,
                mapping == Mapping.COVERAGE))
            .withSideInputs(cells)
            .withOutputTags(devices, TupleTagList.of(books)));
    PCollection<DeviceTrajectory> trajectories = out.get(devices)
        .setCoder(KvCoder.of(Pseudonym.CODER, TrajectoryFn.TALLY_CODER))
        .apply("GroupByDevice", GroupByKey.create())
        .apply("ModalRegions", mapping == Mapping.COVERAGE
            ? ParDo.of(new MergeFn(nights, cells)).withSideInputs(cells) : ParDo.of(new MergeFn(nights, null)))
        .setCoder(DeviceTrajectory.CODER);
    return StageResult.fromBooks(trajectories, out.get(books).setCoder(BookEntry.CODER));
  }

  /**
   * Merges a device's partial tallies (one per bundle that saw it) into its trajectory. A plain
   * grouping rather than a combine: the tallies were combined before the shuffle already, so a
   * runner's own pre-shuffle combine (a sort, on Flink) would only repeat that work.
   */
  private static final class MergeFn extends DoFn<KV<Pseudonym, Iterable<TrajectoryFn.Tally>>, DeviceTrajectory> {
    // Custodian-only figure: accepted events that repeated an earlier one of the same device.
    private final Counter duplicates = Metrics.counter(io.privflow.rejects.Tallies.NAMESPACE,
        "duplicate_events_counted_once");
    private final NightScheme nights;
    /** Under coverage mapping, the cell reference whose rows the tallies count per; null otherwise. */
    private final PCollectionView<Map<String, CellHistory>> cells;
    private transient CoverageTable table;
    private transient Map<String, CellHistory> cellMap;

    MergeFn(NightScheme nights, PCollectionView<Map<String, CellHistory>> cells) {
      this.nights = nights;
      this.cells = cells;
    }

    @StartBundle
    public void startBundle() {
      cellMap = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      KV<Pseudonym, Iterable<TrajectoryFn.Tally>> device = c.element();
      TrajectoryFn.Tally merged = new TrajectoryFn.Tally();
      for (TrajectoryFn.Tally t : device.getValue()) {
        TrajectoryFn.mergeInto(merged, t);
      }
      if (cells != null) {
        if (cellMap == null) {
          // Once per bundle, as in LocateEventsFn: Flink's side-input lookup is not free per device.
          cellMap = c.sideInput(cells);
        }
        table = CoverageTable.of(cellMap, table);
        merged = TrajectoryFn.expand(merged, table);
      }
      TrajectoryFn.Windows w = merged.trajectory();
      if (w.duplicates() > 0) {
        duplicates.inc(w.duplicates());
      }
      DeviceTrajectory t = TrajectoryFn.toTrajectory(device.getKey(), w);
      c.output(nights == null ? t : t.withHome(home(merged)));
    }

    /**
     * The device's home from every observation of its tally: one per distinct event instant and
     * region, weighted as the trajectory weighs it (a whole unit under tower-point mapping, each
     * footprint share under coverage, the outside share included), so a night's region follows
     * the same rule as a window's.
     */
    private int home(TrajectoryFn.Tally merged) {
      HomeDetector d = nights.detector();
      merged.forEachObservation((offset, region, weight) -> d.add(offset, region, weight));
      return d.home();
    }
  }
}
