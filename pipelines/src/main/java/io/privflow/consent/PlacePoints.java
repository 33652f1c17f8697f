package io.privflow.consent;

import io.privflow.model.CellRow;
import io.privflow.model.PseudonymousEvent;
import io.privflow.rejects.Source;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The raw-points detail: formats each consented event as a staged line
 * {@code pseudonym,time,source,cell,lat,lon}. A GPS event keeps its fix; a network event gets the
 * tower of the cell-reference row valid on its UTC day (where rows overlap, the one that started
 * last, as in {@code regions.CellHistory}), or no point when the reference has none.
 */
final class PlacePoints extends PTransform<PCollection<PseudonymousEvent>, PCollection<String>> {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final PCollectionView<java.util.Map<String, Iterable<CellRow>>> cells;

  PlacePoints(PCollectionView<java.util.Map<String, Iterable<CellRow>>> cells) {
    this.cells = cells;
  }

  @Override
  public PCollection<String> expand(PCollection<PseudonymousEvent> events) {
    return events.apply("PlaceAndFormat", ParDo.of(new PlaceFn(cells)).withSideInputs(cells))
        .setCoder(StringUtf8Coder.of());
  }

  private static final class PlaceFn extends DoFn<PseudonymousEvent, String> {
    private final PCollectionView<java.util.Map<String, Iterable<CellRow>>> cells;

    PlaceFn(PCollectionView<java.util.Map<String, Iterable<CellRow>>> cells) {
      this.cells = cells;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      PseudonymousEvent e = c.element();
      if (!e.isCellEvent()) {
        c.output(StagedRows.point(e.pseudonym(), e.eventTimeMillis(), Source.GPS_EVENTS, null, e.lat(), e.lon()));
        return;
      }
      int day = Math.toIntExact(Math.floorDiv(e.eventTimeMillis(), MILLIS_PER_DAY));
      CellRow best = null;
      Iterable<CellRow> rows = c.sideInput(cells).get(e.cellId());
      if (rows != null) {
        for (CellRow r : rows) {
          if (r.validOn(day) && (best == null || r.validFromDay() > best.validFromDay())) {
            best = r;
          }
        }
      }
      c.output(StagedRows.point(e.pseudonym(), e.eventTimeMillis(), Source.NETWORK_EVENTS, e.cellId(),
          best == null ? Double.NaN : best.lat(), best == null ? Double.NaN : best.lon()));
    }
  }
}
