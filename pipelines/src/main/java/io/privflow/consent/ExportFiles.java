package io.privflow.consent;

import io.privflow.files.CsvCells;
import io.privflow.files.LocalParquet;
import io.privflow.locate.WindowScheme;
import io.privflow.model.Pseudonym;
import io.privflow.regions.RegionSet;
import io.privflow.request.ConsentRequest;
import io.privflow.schemas.ConsentExportPoint;
import io.privflow.schemas.ConsentExportWindow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Writes the export's data files from the staged lines: {@code consent_export.parquet} and
 * {@code consent_export.csv}, one row per subject and time, sorted by subject then time. Here,
 * and only here, a pseudonym becomes the registry's identifier, and only for an eligible subject.
 */
final class ExportFiles {
  static final String PARQUET = "consent_export.parquet";
  static final String CSV = "consent_export.csv";
  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

  private ExportFiles() {}

  /** Writes both files into {@code dir}; returns the number of rows per pseudonym. */
  static Map<Pseudonym, Long> write(Path dir, Path stagedDir, ConsentRequest r, Map<Pseudonym, String> ids,
      RegionSet regions, WindowScheme windows) throws IOException {
    List<String> lines = staged(stagedDir);
    Map<Pseudonym, Long> rows = new HashMap<>();
    ZoneId zone = r.time().zone();
    if (r.detail() == ConsentRequest.Detail.RAW_POINTS) {
      List<StagedRows.Point> points = new ArrayList<>(lines.stream().map(StagedRows::parsePoint).toList());
      points.sort(Comparator.comparing((StagedRows.Point p) -> id(ids, p.pseudonym()))
          .thenComparingLong(StagedRows.Point::timeMillis).thenComparing(StagedRows.Point::source)
          .thenComparing(p -> p.cellId() == null ? "" : p.cellId()));
      try (ParquetWriter<ConsentExportPoint> pq = LocalParquet.writer(dir.resolve(PARQUET),
              ConsentExportPoint.getClassSchema());
          CSVPrinter csv = csv(dir.resolve(CSV), "subject_id", "event_time", "source", "cell_id", "lat", "lon")) {
        for (StagedRows.Point p : points) {
          String subject = id(ids, p.pseudonym());
          pq.write(new ConsentExportPoint(subject, Instant.ofEpochMilli(p.timeMillis()), p.source(), p.cellId(),
              p.lat(), p.lon()));
          row(csv, subject, time(p.timeMillis(), zone), p.source(), p.cellId(), p.lat(), p.lon());
          rows.merge(p.pseudonym(), 1L, Long::sum);
        }
      }
    } else {
      List<StagedRows.Window> located = new ArrayList<>(lines.stream().map(StagedRows::parseWindow).toList());
      located.sort(Comparator.comparing((StagedRows.Window w) -> id(ids, w.pseudonym()))
          .thenComparingInt(StagedRows.Window::window));
      try (ParquetWriter<ConsentExportWindow> pq = LocalParquet.writer(dir.resolve(PARQUET),
              ConsentExportWindow.getClassSchema());
          CSVPrinter csv = csv(dir.resolve(CSV), "subject_id", "window_start", "window_end", "region")) {
        for (StagedRows.Window w : located) {
          String subject = id(ids, w.pseudonym());
          long start = windows.windowStart(w.window());
          long end = windows.windowEnd(w.window());
          String region = regions.get(w.region()).id();
          pq.write(new ConsentExportWindow(subject, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), region));
          row(csv, subject, time(start, zone), time(end, zone), region);
          rows.merge(w.pseudonym(), 1L, Long::sum);
        }
      }
    }
    return rows;
  }

  /** The registry's identifier of an eligible subject; anything else is a bug, and fails the run. */
  private static String id(Map<Pseudonym, String> ids, Pseudonym p) {
    String id = ids.get(p);
    if (id == null) {
      throw new IllegalStateException("an event of a subject without consent reached the export");
    }
    return id;
  }

  private static String time(long millis, ZoneId zone) {
    return Instant.ofEpochMilli(millis).atZone(zone).toOffsetDateTime().toString();
  }

  /**
   * One CSV row: text neutralised for spreadsheets (a subject id such as {@code +4522222222} gets a
   * leading apostrophe), numbers as they are, null as empty.
   */
  private static void row(CSVPrinter csv, Object... values) throws IOException {
    Object[] cells = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      cells[i] = CsvCells.cell(values[i]);
    }
    csv.printRecord(cells);
  }

  private static CSVPrinter csv(Path file, String... header) throws IOException {
    BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    CSVPrinter p = new CSVPrinter(w, FORMAT);
    p.printRecord((Object[]) header);
    return p;
  }

  private static List<String> staged(Path stagedDir) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(stagedDir)) {
      return lines;
    }
    try (Stream<Path> s = Files.list(stagedDir)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (!line.isEmpty()) {
            lines.add(line);
          }
        }
      }
    }
    return lines;
  }
}
