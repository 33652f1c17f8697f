package io.privflow.publish;

import io.privflow.files.CsvCells;
import io.privflow.files.LocalParquet;
import io.privflow.model.NoisyCount;
import io.privflow.plan.Metric;
import io.privflow.plan.MetricPlan;
import io.privflow.plan.ReleasePlan;
import io.privflow.privacy.OdDomain;
import io.privflow.privacy.PresenceDomain;
import io.privflow.schemas.OdCount;
import io.privflow.schemas.PresenceCount;
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

/** Decodes a metric's released cells into rows (window, regions, count) and writes CSV and Parquet. */
abstract class MetricTable {
  final ReleasePlan plan;
  private final DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  MetricTable(ReleasePlan plan) {
    this.plan = plan;
  }

  static MetricTable of(ReleasePlan plan, MetricPlan m) {
    return m.metric() == Metric.OD ? new Od(plan, (OdDomain) m.domain()) : new Presence(plan, (PresenceDomain) m.domain());
  }

  abstract List<String> columns();

  /** The CSV values of one cell, after the two window columns. */
  abstract List<Object> regionColumns(NoisyCount c);

  abstract SpecificRecord record(NoisyCount c, Instant start, Instant end);

  abstract org.apache.avro.Schema schema();

  abstract int window(NoisyCount c);

  String regionId(int index) {
    return plan.regions().get(index).id();
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

    Od(ReleasePlan plan, OdDomain d) {
      super(plan);
      this.d = d;
    }

    @Override
    List<String> columns() {
      return List.of("window_start", "window_end", "origin_region", "destination_region", "count");
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
      return OdCount.getClassSchema();
    }

    @Override
    SpecificRecord record(NoisyCount c, Instant start, Instant end) {
      return OdCount.newBuilder().setWindowStart(start).setWindowEnd(end)
          .setOriginRegion(regionId(d.originOf(c.cell())))
          .setDestinationRegion(regionId(d.destinationOf(c.cell())))
          .setCount(c.count()).build();
    }
  }

  private static final class Presence extends MetricTable {
    private final PresenceDomain d;

    Presence(ReleasePlan plan, PresenceDomain d) {
      super(plan);
      this.d = d;
    }

    @Override
    List<String> columns() {
      return List.of("window_start", "window_end", "region", "count");
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
      return PresenceCount.getClassSchema();
    }

    @Override
    SpecificRecord record(NoisyCount c, Instant start, Instant end) {
      return PresenceCount.newBuilder().setWindowStart(start).setWindowEnd(end)
          .setRegion(regionId(d.regionOf(c.cell()))).setCount(c.count()).build();
    }
  }
}
