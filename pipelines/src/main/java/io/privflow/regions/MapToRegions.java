package io.privflow.regions;

import io.privflow.model.LocatedEvent;
import io.privflow.model.PseudonymousEvent;
import io.privflow.rejects.Rejection;
import io.privflow.rejects.Source;
import io.privflow.rejects.StageResult;
import io.privflow.rejects.Tallies;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Puts each pseudonymous event in a region: a GPS fix by point in polygon, a network event through
 * the cell-reference row valid on the event's UTC day. Nothing is ever mapped to a default region.
 * Tower-point mapping only (the consent export's, and tests'): coverage mapping runs through the
 * release's fused step ({@code ReadAndLocate}), and a cell history built for it is refused here.
 *
 * <p>An event that cannot be placed is either rejected with its reason (its cell is not in the
 * reference, or no row of it is valid that day: the input is wrong), naming the file and record it
 * was read from, or counted as outside the regions (a fix outside every region, or a cell whose
 * tower is): the request chose its regions, so such an event is out of scope, like one outside
 * the time range, and is neither an error nor a rejection.
 */
public final class MapToRegions extends PTransform<PCollection<PseudonymousEvent>, StageResult<LocatedEvent>> {
  private final TupleTag<LocatedEvent> located = new TupleTag<>("located") {};
  private final TupleTag<Rejection> rejected = new TupleTag<>("rejected") {};
  private final TupleTag<KV<String, Long>> tallies = Tallies.tag();

  private final RegionSet regions;
  private final PCollectionView<Map<String, CellHistory>> cells;

  public MapToRegions(RegionSet regions, PCollectionView<Map<String, CellHistory>> cells) {
    this.regions = regions;
    this.cells = cells;
  }

  @Override
  public StageResult<LocatedEvent> expand(PCollection<PseudonymousEvent> events) {
    PCollectionTuple out = events.apply("PlaceEvents", ParDo.of(new PlaceEventFn(regions, cells, this))
        .withSideInputs(cells)
        .withOutputTags(located, TupleTagList.of(rejected).and(tallies)));
    return StageResult.of(out.get(located).setCoder(LocatedEvent.CODER), out.get(rejected), out.get(tallies));
  }

  private static final class PlaceEventFn extends DoFn<PseudonymousEvent, LocatedEvent> {
    private final RegionSet regions;
    private final PCollectionView<Map<String, CellHistory>> cells;
    private transient EventPlacer placer;
    private transient Map<String, CellHistory> cellMap;
    private long network;
    private long gps;
    private long networkOutside;
    private long gpsOutside;

    private final TupleTag<Rejection> rejected;
    private final TupleTag<KV<String, Long>> tallies;

    PlaceEventFn(RegionSet regions, PCollectionView<Map<String, CellHistory>> cells, MapToRegions tags) {
      this.regions = regions;
      this.cells = cells;
      this.rejected = tags.rejected;
      this.tallies = tags.tallies;
    }

    @Setup
    public void setup() {
      placer = new EventPlacer(regions);
    }

    @StartBundle
    public void startBundle() {
      network = 0;
      gps = 0;
      networkOutside = 0;
      gpsOutside = 0;
      cellMap = null;
    }

    /** Accepted and out-of-scope events leave as per-bundle tallies, like the readers' counts (see Tallies). */
    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      tally(c, Tallies.accepted(Source.NETWORK_EVENTS), network);
      tally(c, Tallies.accepted(Source.GPS_EVENTS), gps);
      tally(c, Tallies.outsideRegions(Source.NETWORK_EVENTS), networkOutside);
      tally(c, Tallies.outsideRegions(Source.GPS_EVENTS), gpsOutside);
    }

    private void tally(FinishBundleContext c, String name, long n) {
      c.output(tallies, KV.of(name, n), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
    }

    @ProcessElement
    public void process(ProcessContext c) {
      PseudonymousEvent e = c.element();
      if (e.isCellEvent()) {
        if (cellMap == null) {
          // Once per bundle: the Flink runner's side-input lookup formats the view's name on
          // every call, which costs more than the rest of this DoFn.
          cellMap = c.sideInput(cells);
        }
        int region = EventPlacer.placeCellAtTower(cellMap, e.cellId(), e.eventTimeMillis());
        if (region >= 0) {
          network++;
          c.output(new LocatedEvent(e.pseudonym(), e.eventTimeMillis(), region));
        } else if (region == EventPlacer.OUTSIDE) {
          networkOutside++; // the tower is outside every region: out of scope
        } else {
          c.output(rejected, EventPlacer.rejection(region, Source.NETWORK_EVENTS, e.file(), e.recordNumber(),
              e.pseudonym()));
        }
      } else {
        int region = placer.placePoint(e.lat(), e.lon());
        if (region < 0) {
          gpsOutside++; // out of scope
        } else {
          gps++;
          c.output(new LocatedEvent(e.pseudonym(), e.eventTimeMillis(), region));
        }
      }
    }
  }
}
