package io.privflow.publish;

import io.privflow.files.CsvCells;
import io.privflow.files.LocalParquet;
import io.privflow.model.NoisyCount;
import io.privflow.plan.Metric;
import io.privflow.plan.MetricPlan;
import io.privflow.plan.ReleasePlan;
import io.privflow.privacy.NoiseFigures;
import io.privflow.privacy.OdDomain;
import io.privflow.privacy.PresenceDomain;
import io.privflow.regions.RegionSet;
import io.privflow.schemas.OdCount;
import io.privflow.schemas.OdCountCoarse;
import io.privflow.schemas.PresenceCount;
import io.privflow.schemas.PresenceCountCoarse;
import java.util.Map;
import io.privflow.schemas.WindowTotal;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Decodes a metric's released cells into rows (window, regions or the metric added up, count, 95%
 * interval) and writes CSV and Parquet. The interval is post-processing of the noisy count with the public half-width.
 */
abstract class MetricTable {
  /** The interval columns, after {@code count}. */
  static final List<String> INTERVAL_COLUMNS = List.of("ci95_low", "ci95_high");

  /** The extra column of a hierarchy's coarse level. */
  static final String UNPUBLISHED_COLUMN = "fine_unpublished";

  final ReleasePlan plan;
  private final NoiseFigures noise;
  private final DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
  private RegionSet regions;
  /** Per coarse cell, its value in unpublished fine cells; null except for a hierarchy's coarse level. */
  Map<Long, Long> unpublished;

  MetricTable(ReleasePlan plan, NoiseFigures noise) {
    this.plan = plan;
    this.noise = noise;
    this.regions = plan.regions();
  }

  static MetricTable of(ReleasePlan plan, MetricPlan m) {
    NoiseFigures noise = m.releaser().mechanism().figures();
    if (m.metric().isTotal()) {
      return new Totals(plan, noise, m.metric().totalOf());
    }
    MetricTable t = switch (m.metric()) {
      case OD -> new Od(plan, noise, (OdDomain) m.domain());
      case HOME_PRESENCE -> new HomeTables.Presence(plan, noise, (io.privflow.privacy.HomePresenceDomain) m.domain());
      case HOME_OD -> new HomeTables.Od(plan, noise, (io.privflow.privacy.HomeOdDomain) m.domain());
      default -> new Presence(plan, noise, (PresenceDomain) m.domain());
    };
    t.regions = plan.regionsOf(m);
    if (plan.isCoarse(m)) {
      t.unpublished = Map.of();
    }
    return t;
  }

  /** The coarse level's table, with each cell's value in fine cells that are not published. */
  static MetricTable coarse(ReleasePlan plan, MetricPlan m, Map<Long, Long> unpublished) {
    MetricTable t = of(plan, m);
    t.unpublished = unpublished;
    return t;
  }

  /** Without the coarse level's extra column: a raw noisy table. */
  MetricTable raw() {
    unpublished = null;
    return this;
  }

  long unpublishedOf(NoisyCount c) {
    Long v = unpublished.get(c.cell());
    if (v == null) {
      throw new IllegalStateException("a published coarse cell has no value for its unpublished fine cells");
    }
    return v;
  }

  /** Every column, in file order. */
  final List<String> columns() {
    List<String> all = new ArrayList<>(List.of("window_start", "window_end"));
    all.addAll(regionColumnNames());
    all.add("count");
    all.addAll(INTERVAL_COLUMNS);
    if (unpublished != null) {
      all.add(UNPUBLISHED_COLUMN);
    }
    return List.copyOf(all);
  }

  abstract List<String> regionColumnNames();

  NoiseFigures.Interval interval(NoisyCount c) {
    return noise.interval95(c.count());
  }

  /** The CSV values of one cell, after the two window columns. */
  abstract List<Object> regionColumns(NoisyCount c);

  abstract SpecificRecord record(NoisyCount c, Instant start, Instant end);

  abstract org.apache.avro.Schema schema();

  abstract int window(NoisyCount c);

  String regionId(int index) {
    return regions.get(index).id();
  }

  void writeCsv(List<NoisyCount> cells, Path file) throws IOException {
    ZoneId zone = plan.request().time().zone();
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder()
            .setHeader(columns().toArray(String[]::new)).setRecordSeparator('\n').build())) {
      for (NoisyCount c : cells) {
        int win = window(c);
        List<Object> row = new ArrayList<>();
        row.add(iso.format(Instant.ofEpochMilli(plan.windows().windowStart(win)).atZone(zone)));
        row.add(iso.format(Instant.ofEpochMilli(plan.windows().windowEnd(win)).atZone(zone)));
        row.addAll(regionColumns(c));
        row.add(c.count());
        NoiseFigures.Interval ci = interval(c);
        row.add(ci.low());
        row.add(ci.high());
        if (unpublished != null) {
          row.add(unpublishedOf(c));
        }
        // Region ids are the custodian's text: neutralised so that a spreadsheet never runs one.
        csv.printRecord(row.stream().map(CsvCells::cell).toList());
      }
    }
  }

  void writeParquet(List<NoisyCount> cells, Path file) throws IOException {
    try (ParquetWriter<SpecificRecord> w = LocalParquet.writer(file, schema())) {
      for (NoisyCount c : cells) {
        int win = window(c);
        w.write(record(c, Instant.ofEpochMilli(plan.windows().windowStart(win)),
            Instant.ofEpochMilli(plan.windows().windowEnd(win))));
      }
    }
  }

  /** OD rows: the window is the origin window; the destination is the next window. */
  private static final class Od extends MetricTable {
    private final OdDomain d;

    Od(ReleasePlan plan, NoiseFigures noise, OdDomain d) {
      super(plan, noise);
      this.d = d;
    }

    @Override
    List<String> regionColumnNames() {
      return List.of("origin_region", "destination_region");
    }

    @Override
    int window(NoisyCount c) {
      return d.slotOf(c.cell());
    }

    @Override
    List<Object> regionColumns(NoisyCount c) {
      return List.of(regionId(d.originOf(c.cell())), regionId(d.destinationOf(c.cell())));
    }

    @Override
    org.apache.avro.Schema schema() {
      return unpublished != null ? OdCountCoarse.getClassSchema() : OdCount.getClassSchema();
    }

    @Override
    SpecificRecord record(NoisyCount c, Instant start, Instant end) {
      NoiseFigures.Interval ci = interval(c);
      if (unpublished != null) {
        return OdCountCoarse.newBuilder().setWindowStart(start).setWindowEnd(end)
            .setOriginRegion(regionId(d.originOf(c.cell())))
            .setDestinationRegion(regionId(d.destinationOf(c.cell())))
            .setCount(c.count()).setCi95Low(ci.low()).setCi95High(ci.high()).setFineUnpublished(unpublishedOf(c))
            .build();
      }
      return OdCount.newBuilder().setWindowStart(start).setWindowEnd(end)
          .setOriginRegion(regionId(d.originOf(c.cell())))
          .setDestinationRegion(regionId(d.destinationOf(c.cell())))
          .setCount(c.count()).setCi95Low(ci.low()).setCi95High(ci.high()).build();
    }
  }

  /** Window totals: one row per window (an OD total's window is its origin window). */
  private static final class Totals extends MetricTable {
    private final Metric of;

    Totals(ReleasePlan plan, NoiseFigures noise, Metric of) {
      super(plan, noise);
      this.of = of;
    }

    @Override
    List<String> regionColumnNames() {
      return List.of("metric");
    }

    @Override
    int window(NoisyCount c) {
      return (int) c.cell();
    }

    @Override
    List<Object> regionColumns(NoisyCount c) {
      return List.of(of.label());
    }

    @Override
    org.apache.avro.Schema schema() {
      return WindowTotal.getClassSchema();
    }

    @Override
    SpecificRecord record(NoisyCount c, Instant start, Instant end) {
      NoiseFigures.Interval ci = interval(c);
      return WindowTotal.newBuilder().setWindowStart(start).setWindowEnd(end).setMetric(of.label())
          .setCount(c.count()).setCi95Low(ci.low()).setCi95High(ci.high()).build();
    }
  }

  private static final class Presence extends MetricTable {
    private final PresenceDomain d;

    Presence(ReleasePlan plan, NoiseFigures noise, PresenceDomain d) {
      super(plan, noise);
      this.d = d;
    }

    @Override
    List<String> regionColumnNames() {
      return List.of("region");
    }

    @Override
    int window(NoisyCount c) {
      return d.slotOf(c.cell());
    }

    @Override
    List<Object> regionColumns(NoisyCount c) {
      return List.of(regionId(d.regionOf(c.cell())));
    }

    @Override
    org.apache.avro.Schema schema() {
      return unpublished != null ? PresenceCountCoarse.getClassSchema() : PresenceCount.getClassSchema();
    }

    @Override
    SpecificRecord record(NoisyCount c, Instant start, Instant end) {
      NoiseFigures.Interval ci = interval(c);
      if (unpublished != null) {
        return PresenceCountCoarse.newBuilder().setWindowStart(start).setWindowEnd(end)
            .setRegion(regionId(d.regionOf(c.cell()))).setCount(c.count())
            .setCi95Low(ci.low()).setCi95High(ci.high()).setFineUnpublished(unpublishedOf(c)).build();
      }
      return PresenceCount.newBuilder().setWindowStart(start).setWindowEnd(end)
          .setRegion(regionId(d.regionOf(c.cell()))).setCount(c.count())
          .setCi95Low(ci.low()).setCi95High(ci.high()).build();
    }
  }
}
