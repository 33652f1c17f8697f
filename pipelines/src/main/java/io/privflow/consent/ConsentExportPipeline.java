package io.privflow.consent;

import io.privflow.ingest.ReadInputs;
import io.privflow.locate.LocateDevices;
import io.privflow.locate.WindowScheme;
import io.privflow.model.CellRow;
import io.privflow.model.Pseudonym;
import io.privflow.model.PseudonymousEvent;
import io.privflow.model.RawEvent;
import io.privflow.pseudonymize.PseudonymizeEvents;
import io.privflow.regions.CellHistory;
import io.privflow.regions.LocateCells;
import io.privflow.regions.MapToRegions;
import io.privflow.regions.RegionSet;
import io.privflow.request.ConsentRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Wires a consent export: read events (the release's readers, same time filter) → pseudonymise
 * (same key) → keep consented events only → either locate per window (the release's
 * {@code MapToRegions} and {@code LocateDevices}) or place each point → staged lines keyed by
 * pseudonym. Rejected events are not written: a consent export has no custodian reconciliation,
 * and rejections of subjects without consent must leave no trace in its outputs.
 */
final class ConsentExportPipeline {
  private ConsentExportPipeline() {}

  /**
   * @param consent coverage per eligible pseudonym (no identifier, no location)
   * @param regions the region set, with {@code windows}, for region_per_window; null for raw_points
   * @param staged path prefix of the staged text shards
   */
  static void build(Pipeline p, ConsentRequest r, Path keyFile, Map<Pseudonym, Coverage> consent, RegionSet regions,
      WindowScheme windows, Path staged) {
    long start = r.time().startMillis();
    long end = r.time().endMillis();
    List<PCollection<RawEvent>> raw = new ArrayList<>();
    if (!r.inputs().networkEvents().isEmpty()) {
      raw.add(p.apply("ReadNetworkEvents", ReadInputs.networkEvents(r.inputs().networkEvents(), start, end)).accepted());
    }
    if (!r.inputs().gpsEvents().isEmpty()) {
      raw.add(p.apply("ReadGpsEvents", ReadInputs.gpsEvents(r.inputs().gpsEvents(), start, end)).accepted());
    }
    List<KV<Pseudonym, Coverage>> table = new ArrayList<>();
    consent.forEach((k, v) -> table.add(KV.of(k, v)));
    PCollectionView<Map<Pseudonym, Coverage>> consentView = p
        .apply("ConsentTable", Create.of(table)
            .withCoder(KvCoder.of(Pseudonym.CODER, Coverage.CODER)))
        .apply("ConsentView", View.asMap());

    PCollection<PseudonymousEvent> consented = PCollectionList.of(raw)
        .apply("AllEvents", Flatten.pCollections())
        .apply("Pseudonymize", PseudonymizeEvents.withKeyFile(keyFile))
        .apply("FilterByConsent", new FilterByConsent(consentView));

    PCollection<String> lines;
    if (r.detail() == ConsentRequest.Detail.REGION_PER_WINDOW) {
      PCollectionView<Map<String, CellHistory>> cells = r.inputs().cells().isEmpty()
          ? p.apply("NoCells", Create.empty(KvCoder.of(StringUtf8Coder.of(), CellHistory.CODER)))
              .apply("NoCellsView", View.<String, CellHistory>asMap())
          : readCells(p, r).apply("LocateCells", new LocateCells(regions));
      lines = consented
          .apply("MapToRegions", new MapToRegions(regions, cells))
          .accepted()
          .apply("LocateDevices", new LocateDevices(windows))
          .apply("FormatWindows", FlatMapElements.into(TypeDescriptors.strings()).via(t -> {
            List<String> rows = new ArrayList<>(t.length());
            for (int i = 0; i < t.length(); i++) {
              rows.add(StagedRows.window(t.pseudonym(), t.windows()[i], t.regions()[i]));
            }
            return rows;
          }));
    } else {
      PCollection<CellRow> cellRows = r.inputs().cells().isEmpty()
          ? p.apply("NoCells", Create.empty(CellRow.CODER))
          : readCells(p, r);
      PCollectionView<Map<String, Iterable<CellRow>>> cells = cellRows
          .apply("KeyByCell", WithKeys.of(CellRow::cellId).withKeyType(TypeDescriptor.of(String.class)))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), CellRow.CODER))
          .apply("CellsView", View.asMultimap());
      lines = consented.apply("PlacePoints", new PlacePoints(cells));
    }
    lines.apply("Stage", TextIO.write().to(staged.toString()).withSuffix(".txt"));
  }

  private static PCollection<CellRow> readCells(Pipeline p, ConsentRequest r) {
    return p.apply("ReadCells", ReadInputs.cells(r.inputs().cells())).accepted();
  }
}
