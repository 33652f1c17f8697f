package io.privflow.locate;

import io.privflow.engine.IngestProgress;
import io.privflow.ingest.InputSplit;
import io.privflow.ingest.SplitReader;
import io.privflow.model.Pseudonym;
import io.privflow.model.RawEvent;
import io.privflow.pseudonymize.PseudonymCache;
import io.privflow.pseudonymize.Pseudonymizer;
import io.privflow.regions.CellHistory;
import io.privflow.regions.CoverageTable;
import io.privflow.regions.EventPlacer;
import io.privflow.regions.RegionSet;
import io.privflow.rejects.BookEntry;
import io.privflow.rejects.Rejection;
import io.privflow.rejects.Source;
import io.privflow.rejects.Tallies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Every event of one split, from file to device tally in one call: read and validate
 * ({@link SplitReader}), pseudonymise (each distinct identifier once per bundle, {@link PseudonymCache}),
 * place in a region ({@link EventPlacer}) and add to its
 * device's tally of (window, region, instant; under coverage mapping each share of the cell's
 * footprint with its weight) in a hash map held for the whole bundle (in-mapper
 * combining), emitted at the end of the bundle or when the map holds {@link #MAX_DEVICES} devices.
 *
 * <p>Every record read is counted once, per input kind, as accepted (placed), rejected (leaves as
 * a {@link BookEntry} with its reason, file and record number; a rejection by the region stage
 * also names the pseudonym, never the raw identifier), outside the time range, or outside the
 * regions; the counts leave per bundle as tallies on the same side output. The raw identifier
 * exists only inside this call: no event, raw or pseudonymised, is ever output.
 */
final class LocateEventsFn extends DoFn<KV<FileIO.ReadableFile, InputSplit>, KV<Pseudonym, TrajectoryFn.Tally>> {
  static final int MAX_DEVICES = 200_000;

  private final SplitReader<RawEvent> reader;
  private final String keyFile;
  private final RegionSet regions;
  private final WindowScheme windows;
  private final PCollectionView<Map<String, CellHistory>> cells;
  private final TupleTag<BookEntry> books;
  private final boolean coverage;

  private transient PseudonymCache pseudonyms;
  private transient EventPlacer placer;
  private transient TrajectoryFn fn;
  private transient Map<Pseudonym, TrajectoryFn.Tally> tallies;
  // The last device's tally: a device's events mostly come one after another, and the pseudonym
  // cache hands back the same object for them, so a reference check skips the map.
  private transient Pseudonym lastDevice;
  private transient TrajectoryFn.Tally lastTally;
  // The last cell id looked up and its history (null: not in the cell reference); per bundle, as the side input.
  private transient String lastCellId;
  private transient CellHistory lastHistory;
  private transient Map<String, CellHistory> cellMap;
  private transient CoverageTable table;
  private transient long[] read;
  private transient long[] filtered;
  private transient long[] accepted;
  private transient long[] outside;

  LocateEventsFn(SplitReader<RawEvent> reader, String keyFile, RegionSet regions, WindowScheme windows,
      PCollectionView<Map<String, CellHistory>> cells, TupleTag<BookEntry> books, boolean coverage) {
    this.coverage = coverage;
    this.reader = reader;
    this.keyFile = keyFile;
    this.regions = regions;
    this.windows = windows;
    this.cells = cells;
    this.books = books;
  }

  @Setup
  public void setup() {
    pseudonyms = new PseudonymCache(Pseudonymizer.fromKeyFile(Path.of(keyFile)));
    placer = new EventPlacer(regions);
    fn = new TrajectoryFn(windows);
    tallies = new HashMap<>();
  }

  @StartBundle
  public void startBundle() {
    tallies.clear();
    forgetLastDevice();
    pseudonyms.clear();
    cellMap = null;
    lastCellId = null;
    lastHistory = null;
    read = new long[Source.values().length];
    filtered = new long[read.length];
    accepted = new long[read.length];
    outside = new long[read.length];
  }

  @ProcessElement
  public void process(ProcessContext c) throws IOException {
    InputSplit split = c.element().getValue();
    int s = split.kind().source().ordinal();
    long before = read[s];
    reader.read(c.element().getKey(), split, new SplitReader.Outcomes<>() {
      @Override
      public void accepted(RawEvent e) {
        read[s]++;
        locate(c, e, s);
      }

      @Override
      public void rejected(Rejection r) {
        read[s]++;
        c.output(books, BookEntry.of(r));
      }

      @Override
      public void outOfRange() {
        read[s]++;
        filtered[s]++;
      }
    });
    IngestProgress.add(read[s] - before);
  }

  private void locate(ProcessContext c, RawEvent e, int s) {
    Pseudonym p = pseudonyms.of(e.identifier());
    int region;
    if (e.cellId() != null) {
      if (cellMap == null) {
        // Once per bundle: the Flink runner's side-input lookup formats the view's name on every call.
        cellMap = c.sideInput(cells);
      }
      region = EventPlacer.placeCell(history(e.cellId()), e.eventTimeMillis());
    } else {
      region = placer.placePoint(e.lat(), e.lon());
    }
    if (region >= 0) {
      accepted[s]++;
      long offset = e.eventTimeMillis() - windows.startMillis();
      if (!coverage) {
        fn.addObservation(tally(c, p), TrajectoryFn.observation(offset, region));
      } else if (e.cellId() != null) {
        // Counted per (window, cell row); expanded into the row's shares when the device's tallies
        // are merged (ReadAndLocate), not here: one entry per event, not one per share.
        fn.addObservation(tally(c, p), TrajectoryFn.observation(offset,
            table().id(e.cellId(), history(e.cellId()), day(e.eventTimeMillis()))));
      } else {
        fn.addObservation(tally(c, p), TrajectoryFn.observation(offset, CoverageTable.pointId(region)));
      }
    } else if (region == EventPlacer.OUTSIDE) {
      outside[s]++; // out of scope, like an event outside the time range
    } else {
      c.output(books, BookEntry.of(EventPlacer.rejection(region, Source.values()[s], e.file(), e.recordNumber(), p)));
    }
  }

  /** The coverage table of this bundle's cell reference, rebuilt only when the side input changes. */
  private CoverageTable table() {
    return table = CoverageTable.of(cellMap, table);
  }

  private static int day(long millis) {
    return Math.toIntExact(Math.floorDiv(millis, 86_400_000L));
  }

  /**
   * The cell's history in this bundle's cell reference; the last one is kept, since a device's
   * consecutive events mostly share a cell and readers hand back the same id object for them.
   */
  private CellHistory history(String cellId) {
    if (cellId != lastCellId) {
      lastHistory = cellMap.get(cellId);
      lastCellId = cellId;
    }
    return lastHistory;
  }

  private void forgetLastDevice() {
    lastDevice = null;
    lastTally = null;
  }

  private TrajectoryFn.Tally tally(ProcessContext c, Pseudonym p) {
    if (p == lastDevice) {
      return lastTally;
    }
    TrajectoryFn.Tally t = tallies.get(p);
    if (t == null) {
      if (tallies.size() >= MAX_DEVICES) {
        tallies.forEach((device, tally) -> c.output(KV.of(device, tally)));
        tallies.clear();
      }
      t = new TrajectoryFn.Tally();
      tallies.put(p, t);
    }
    lastDevice = p;
    lastTally = t;
    return t;
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) {
    tallies.forEach((p, t) -> c.output(KV.of(p, t), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
    tallies.clear();
    forgetLastDevice(); // its tally has left: adding to it now would count twice
    for (Source s : new Source[] {Source.NETWORK_EVENTS, Source.GPS_EVENTS}) {
      int i = s.ordinal();
      book(c, Tallies.read(s), read[i]);
      book(c, Tallies.filtered(s), filtered[i]);
      book(c, Tallies.accepted(s), accepted[i]);
      book(c, Tallies.outsideRegions(s), outside[i]);
    }
  }

  private void book(FinishBundleContext c, String figure, long n) {
    c.output(books, BookEntry.tally(figure, n), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
  }
}
