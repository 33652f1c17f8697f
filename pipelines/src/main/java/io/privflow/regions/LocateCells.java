package io.privflow.regions;

import io.privflow.model.CellRow;
import io.privflow.rejects.Tallies;
import io.privflow.request.Mapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Maps every cell-reference row to a region once (the tower's point in polygon; under coverage
 * mapping also its footprint's {@link CoverageWeights}), then gathers a cell's rows into its
 * {@link CellHistory}. The result is a side input: events are joined to it by cell id and time, so
 * the polygon test and the footprint overlay run per cell version, not per event.
 */
public final class LocateCells
    extends PTransform<PCollection<CellRow>, PCollectionView<Map<String, CellHistory>>> {
  private final RegionSet regions;
  private final Mapping mapping;

  public LocateCells(RegionSet regions) {
    this(regions, Mapping.TOWER_POINT);
  }

  public LocateCells(RegionSet regions, Mapping mapping) {
    this.regions = regions;
    this.mapping = mapping == null ? Mapping.TOWER_POINT : mapping;
  }

  @Override
  public PCollectionView<Map<String, CellHistory>> expand(PCollection<CellRow> cells) {
    return cells
        .apply("PlaceTowers", ParDo.of(new PlaceTowerFn(regions, mapping)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), CellHistory.PLACEMENT_CODER))
        .apply("GroupByCell", GroupByKey.create())
        .apply("BuildHistories", ParDo.of(new BuildHistoryFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), CellHistory.CODER))
        .apply("AsMap", View.asMap());
  }

  private static final class PlaceTowerFn extends DoFn<CellRow, KV<String, CellHistory.Placement>> {
    private final RegionSet regions;
    private final Mapping mapping;
    private final Counter outside = Metrics.counter(Tallies.NAMESPACE, "cells_outside_regions");
    // Custodian-only: under coverage mapping, rows without range_m (placed by their tower's point).
    private final Counter pointOnly = Metrics.counter(Tallies.NAMESPACE, "cells_without_range");
    private transient RegionIndex index;
    private transient CoverageWeights weights;

    PlaceTowerFn(RegionSet regions, Mapping mapping) {
      this.regions = regions;
      this.mapping = mapping;
    }

    @Setup
    public void setup() {
      if (mapping == Mapping.COVERAGE) {
        weights = new CoverageWeights(regions);
      } else {
        index = new RegionIndex(regions);
      }
    }

    @ProcessElement
    public void process(@Element CellRow c, OutputReceiver<KV<String, CellHistory.Placement>> out) {
      if (weights != null) {
        if (!c.hasRange()) {
          pointOnly.inc();
        }
        CellHistory.Placement p = CellHistory.Placement.covering(c.validFromDay(), c.validToDay(), weights.of(c));
        if (p.region() < 0) {
          outside.inc(); // the whole footprint is outside the regions: its events are out of scope
        }
        out.output(KV.of(c.cellId(), p));
        return;
      }
      int region = index.locate(c.lat(), c.lon());
      if (region < 0) {
        outside.inc(); // kept: events on this cell are counted as outside the regions (out of scope)
      }
      out.output(KV.of(c.cellId(), new CellHistory.Placement(c.validFromDay(), c.validToDay(), region)));
    }
  }

  private static final class BuildHistoryFn
      extends DoFn<KV<String, Iterable<CellHistory.Placement>>, KV<String, CellHistory>> {
    @ProcessElement
    public void process(
        @Element KV<String, Iterable<CellHistory.Placement>> cell, OutputReceiver<KV<String, CellHistory>> out) {
      List<CellHistory.Placement> rows = new ArrayList<>();
      cell.getValue().forEach(rows::add);
      out.output(KV.of(cell.getKey(), new CellHistory(rows)));
    }
  }
}
