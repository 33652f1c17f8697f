package io.privflow.bench;

import io.privflow.files.LocalParquet;
import io.privflow.schemas.NetworkEvent;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.math3.random.Well19937c;
import org.apache.parquet.hadoop.ParquetWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The grid release against the region-file release on the same events (issue 16): synthetic
 * network events on the real Danish cell towers, released once over the 98 municipalities (and
 * Christiansø) of the real boundary file and once over an H3 grid of the same area, full domain,
 * the threshold derived from the same empty-cells target. Each run times both releases in child
 * JVMs, one after the other; the row gives both and their ratio.
 */
@Command(name = "bench-grid", mixinStandardHelpOptions = true,
    description = "Benchmark an H3 grid release against the municipality release on the same Danish events.")
public final class GridBench implements Callable<Integer> {
  @Option(names = "--events", required = true, description = "Number of synthetic events.")
  long events;

  @Option(names = "--realdata", defaultValue = "../shared/realdata",
      description = "The realdata folder (Danish towers and municipalities).")
  Path realdata;

  @Option(names = "--resolution", defaultValue = "7", description = "H3 resolution of the grid release.")
  int resolution;

  @Option(names = "--mapping", defaultValue = "tower_point", description = "tower_point or coverage.")
  String mapping;

  @Option(names = "--dir", defaultValue = "target/bench", description = "Work directory (data is reused per N).")
  Path dir;

  @Option(names = "--runner", defaultValue = "flink", description = "flink, spark or direct.")
  String runner;

  @Option(names = "--heap", defaultValue = "4g", description = "Heap cap of the release JVMs (-Xmx).")
  String heap;

  @Option(names = "--runs", defaultValue = "1", description = "Timed runs of each release.")
  int runs;

  @Option(names = "--record", defaultValue = "docs/benchmarks.md", description = "Markdown file to append the row to.")
  Path record;

  @Option(names = "--note", defaultValue = "", description = "Free text for the row's last column.")
  String note;

  static final LocalDate START = LocalDate.parse("2022-09-05");
  static final int DAYS = 7;

  @Override
  public Integer call() throws Exception {
    Path towers = realdata.resolve("towers/opencellid_diff_2022-09-10_dk_mcc238.csv");
    Path municipalities = realdata.resolve("regions/dk_kommuner.geojson");
    if (!Files.isRegularFile(towers) || !Files.isRegularFile(municipalities)) {
      System.err.println("bench-grid: needs " + towers + " and " + municipalities);
      return 2;
    }
    Path data = dir.resolve("data-dk-" + events);
    long g0 = System.nanoTime();
    generate(data, towers, events);
    System.out.printf(Locale.ROOT, "bench-grid: data ready in %s (%.1f s, not measured)%n", data,
        (System.nanoTime() - g0) / 1e9);
    List<Double> fileWalls = new ArrayList<>();
    List<Double> gridWalls = new ArrayList<>();
    List<String> loads = new ArrayList<>();
    long rss = 0;
    int failed = 0;
    for (int i = 0; i < runs && failed == 0; i++) {
      loads.add(BenchCommand.loadAverage());
      Path a = prepare(data, "{file: " + municipalities.toAbsolutePath() + ", mapping: " + mapping + "}", "municipalities");
      BenchCommand.ChildRun file = BenchCommand.ChildRun.release(a, heap, runner, null);
      report("municipalities", file, a);
      Path b = prepare(data, "{grid: {system: h3, resolution: " + resolution + ", area: "
          + municipalities.toAbsolutePath() + "}, mapping: " + mapping + "}", "h3-" + resolution);
      BenchCommand.ChildRun grid = BenchCommand.ChildRun.release(b, heap, runner, null);
      report("h3 resolution " + resolution, grid, b);
      fileWalls.add(file.seconds());
      gridWalls.add(grid.seconds());
      rss = Math.max(rss, Math.max(file.peakRssMiB(), grid.peakRssMiB()));
      failed = file.exitCode() != 0 ? file.exitCode() : grid.exitCode();
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < gridWalls.size(); i++) {
      ratios.add(gridWalls.get(i) / fileWalls.get(i));
    }
    String row = String.format(Locale.ROOT, "| %s | %,d | %s | %s | %d | %s | %d | %s | %s | %s | %s | %d | %s |%n",
        LocalDate.now(), events, mapping, runner, Runtime.getRuntime().availableProcessors(), heap, fileWalls.size(),
        String.join("; ", loads), spread(fileWalls, "%.1f"), "H3 r" + resolution + ": " + spread(gridWalls, "%.1f"),
        spread(ratios, "%.2fx"), rss, (failed == 0 ? "" : "FAILED exit " + failed + "; ") + note);
    insertRow(record, row);
    System.out.print("bench-grid: added to " + record + ":\n" + row);
    return failed == 0 ? 0 : 1;
  }

  /**
   * Adds the row at the end of the grid table (the table under {@link #TABLE_HEADER}, which is not
   * the last table of docs/benchmarks.md), or a new table at the end of the file when there is none.
   */
  static void insertRow(Path record, String row) throws IOException {
    List<String> lines = Files.exists(record) ? new ArrayList<>(Files.readAllLines(record, StandardCharsets.UTF_8))
        : new ArrayList<>();
    String header = TABLE_HEADER.substring(0, TABLE_HEADER.indexOf('\n'));
    int at = lines.indexOf(header);
    if (at < 0) {
      lines.add("");
      lines.addAll(List.of(TABLE_HEADER.split("\n")));
      lines.add(row.stripTrailing());
    } else {
      int end = at + 1;
      while (end < lines.size() && lines.get(end).startsWith("|")) {
        end++;
      }
      lines.add(end, row.stripTrailing());
    }
    Files.write(record, lines, StandardCharsets.UTF_8);
  }

  /** The header of the grid table in docs/benchmarks.md (rows are added under it). */
  static final String TABLE_HEADER = "| date | events | mapping | runner | cores | heap cap | runs"
      + " | load average before each run | municipalities wall (s) min / median / max | grid wall (s) min / median / max"
      + " | grid / municipalities | peak RSS (MiB, max) | note |\n"
      + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";

  private void report(String what, BenchCommand.ChildRun run, Path dir) throws IOException {
    System.out.printf(Locale.ROOT, "bench-grid: %s release: %.1f s wall, peak RSS %d MiB, exit %d%n", what,
        run.seconds(), run.peakRssMiB(), run.exitCode());
    if (run.exitCode() != 0) {
      System.out.println("bench-grid: see " + dir.resolve("release.log"));
    }
  }

  private static String spread(List<Double> v, String fmt) {
    if (v.isEmpty()) {
      return "-";
    }
    List<Double> s = v.stream().sorted().toList();
    double median = s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    return s.size() == 1 ? String.format(Locale.ROOT, fmt, median)
        : String.format(Locale.ROOT, fmt + " / " + fmt + " / " + fmt, s.get(0), median, s.get(s.size() - 1));
  }

  /** A fresh run directory with its own key, policy (domain cap raised for grids) and state. */
  private Path prepare(Path data, String regions, String kind) throws IOException {
    Path run = dir.resolve("grid-" + kind + "-" + Instant.now().toEpochMilli());
    Files.createDirectories(run);
    io.privflow.files.KeyFiles.create(run.resolve("bench.key"), io.privflow.privacy.SecureRandoms.create());
    Files.writeString(run.resolve("policy.yaml"), """
        state_directory: state
        pseudonymization_key_file: bench.key
        rules: {max_domain_cells: 100000000000}
        datasets:
          bench: {budget: 1000}
        """);
    Files.writeString(run.resolve("request.yaml"), """
        request_id: grid-%s-%d
        dataset: bench
        purpose: benchmark on synthetic events over real Danish towers
        retention_until: 2099-12-31
        inputs:
          network_events: [%s]
          cells: [%s]
        regions: %s
        time: {start: %s, end: %s, zone: UTC, window: P1D}
        privacy: {epsilon: 1.0, empty_cells: {max_expected_per_window: 1}}
        metrics:
          od: {max_transitions_per_device: 6}
        output: {directory: %s}
        """.formatted(kind, events, data.resolve("events-*.parquet").toAbsolutePath(),
        data.resolve("cells.csv").toAbsolutePath(), regions, START, START.plusDays(DAYS),
        run.resolve("release").toAbsolutePath()));
    return run;
  }

  /**
   * cells.csv from the towers (each tower one cell, open validity, its range), and events of
   * {@code events / 50} devices, each with a home and a work tower, over seven days.
   */
  static void generate(Path data, Path towers, long events) throws IOException {
    Path done = data.resolve("COMPLETE-" + events);
    if (Files.exists(done)) {
      return;
    }
    Files.createDirectories(data);
    List<String> ids = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(towers, StandardCharsets.UTF_8);
        BufferedWriter w = Files.newBufferedWriter(data.resolve("cells.csv"), StandardCharsets.UTF_8)) {
      w.write("cell_id,lat,lon,valid_from,valid_to,range_m\n");
      r.readLine();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] f = line.split(",");
        ids.add(f[0]);
        w.write(f[0] + "," + f[1] + "," + f[2] + ",,," + f[3] + "\n");
      }
    }
    int devices = (int) Math.max(1, events / 50);
    int files = (int) Math.max(2, events / 2_500_000L);
    long startMillis = START.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    Well19937c rng = new Well19937c(16);
    GenericRecord rec = new GenericData.Record(NetworkEvent.getClassSchema());
    long written = 0;
    for (int f = 0; f < files; f++) {
      int from = (int) ((long) devices * f / files);
      int to = (int) ((long) devices * (f + 1) / files);
      try (ParquetWriter<GenericRecord> w = LocalParquet.genericWriter(
          data.resolve(String.format(Locale.ROOT, "events-%03d.parquet", f)), NetworkEvent.getClassSchema())) {
        for (int d = from; d < to; d++) {
          long quota = events * (d + 1) / devices - written;
          String home = ids.get(rng.nextInt(ids.size()));
          String work = rng.nextDouble() < 0.6 ? ids.get(rng.nextInt(ids.size())) : home;
          long[] times = new long[(int) quota];
          for (int i = 0; i < times.length; i++) {
            times[i] = startMillis + (long) (rng.nextDouble() * DAYS * 86_400_000L);
          }
          Arrays.sort(times);
          for (long t : times) {
            int hour = (int) ((t / 3_600_000L) % 24);
            double u = rng.nextDouble();
            String cell = hour >= 9 && hour < 17 && u < 0.8 ? work : u < 0.9 ? home : ids.get(rng.nextInt(ids.size()));
            rec.put("subscriber_id", "45" + (30_000_000 + d));
            rec.put("event_time", t);
            rec.put("cell_id", cell);
            rec.put("event_type", "data");
            w.write(rec);
          }
          written += quota;
        }
      }
    }
    Files.writeString(done, "events=" + events + "\n");
  }
}
