package io.privflow.bench;

import io.privflow.files.LocalParquet;
import io.privflow.schemas.NetworkEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.math3.random.Well19937c;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Synthetic benchmark input: a 10 x 10 grid of regions, five cells per region, about N / 50
 * devices with a home and a work cell, N network events over seven days as Parquet files (one per
 * slice of devices, sorted by device and time, like an operator's export). Deterministic per seed.
 */
final class BenchData {
  static final int GRID = 10;
  static final int CELLS_PER_REGION = 5;
  static final int DAYS = 7;
  static final LocalDate START = LocalDate.parse("2020-03-02");
  private static final double LON0 = 8.0;
  private static final double LAT0 = 54.5;
  private static final double STEP = 0.3;

  private BenchData() {}

  static int devices(long events) {
    return (int) Math.max(1, events / 50);
  }

  /** Writes regions.geojson, cells.csv and {@code files} Parquet files of events; skips if present. */
  static void generate(Path dir, long events, int files, long seed) throws Exception {
    Path done = dir.resolve("COMPLETE-" + events);
    if (Files.exists(done)) {
      return;
    }
    Files.createDirectories(dir);
    writeRegions(dir.resolve("regions.geojson"));
    writeCells(dir.resolve("cells.csv"));
    int devices = devices(events);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(files, Runtime.getRuntime().availableProcessors()));
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int f = 0; f < files; f++) {
        int from = (int) ((long) devices * f / files);
        int to = (int) ((long) devices * (f + 1) / files);
        long eventsHere = events * (to - from) / devices;
        Path file = dir.resolve(String.format("events-%03d.parquet", f));
        long fileSeed = seed * 1_000_003L + f;
        parts.add(pool.submit(() -> {
          writeEvents(file, from, to, eventsHere, fileSeed);
          return null;
        }));
      }
      for (Future<?> p : parts) {
        p.get();
      }
    } finally {
      pool.shutdown();
    }
    Files.writeString(done, "events=" + events + "\n");
  }

  static String cellId(int region, int k) {
    return "238-01-" + (1000 + region) + "-" + k;
  }

  private static void writeRegions(Path file) throws IOException {
    StringBuilder b = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (int r = 0; r < GRID * GRID; r++) {
      double x = LON0 + (r % GRID) * STEP;
      double y = LAT0 + (r / GRID) * STEP;
      b.append(String.format(java.util.Locale.ROOT,
          "{\"type\":\"Feature\",\"properties\":{\"id\":\"G%03d\",\"name\":\"Grid %d\"},\"geometry\":{\"type\":\"Polygon\","
              + "\"coordinates\":[[[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f]]]}}%s%n",
          r, r, x, y, x + STEP, y, x + STEP, y + STEP, x, y + STEP, x, y, r + 1 < GRID * GRID ? "," : ""));
    }
    Files.writeString(file, b.append("]}\n"));
  }

  private static void writeCells(Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("cell_id,lat,lon,valid_from,valid_to,range_m\n");
      for (int r = 0; r < GRID * GRID; r++) {
        for (int k = 0; k < CELLS_PER_REGION; k++) {
          double lon = LON0 + (r % GRID) * STEP + STEP * (0.1 + 0.8 * k / CELLS_PER_REGION);
          double lat = LAT0 + (r / GRID) * STEP + STEP * (0.2 + 0.15 * k);
          w.write(String.format(java.util.Locale.ROOT, "%s,%.5f,%.5f,,,1500%n", cellId(r, k), lat, lon));
        }
      }
    }
  }

  /** Devices [from, to): each with a home and a work cell; events spread over the days. */
  private static void writeEvents(Path file, int from, int to, long events, long seed) throws IOException {
    Well19937c rng = new Well19937c(seed);
    int regions = GRID * GRID;
    long startMillis = START.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    GenericRecord rec = new GenericData.Record(NetworkEvent.getClassSchema());
    long written = 0;
    try (ParquetWriter<GenericRecord> w = LocalParquet.genericWriter(file, NetworkEvent.getClassSchema())) {
      for (int d = from; d < to; d++) {
        long quota = events * (d - from + 1) / (to - from) - written;
        int home = rng.nextInt(regions);
        int work = rng.nextDouble() < 0.6 ? neighbour(home, rng) : home;
        String homeCell = cellId(home, rng.nextInt(CELLS_PER_REGION));
        String workCell = cellId(work, rng.nextInt(CELLS_PER_REGION));
        String msisdn = "45" + (20_000_000 + d);
        long[] times = new long[(int) quota];
        for (int i = 0; i < times.length; i++) {
          times[i] = startMillis + (long) (rng.nextDouble() * DAYS * 86_400_000L);
        }
        java.util.Arrays.sort(times);
        for (long t : times) {
          int hour = (int) ((t / 3_600_000L) % 24);
          boolean weekday = ((t - startMillis) / 86_400_000L) % 7 < 5;
          String cell;
          double u = rng.nextDouble();
          if (weekday && hour >= 9 && hour < 17) {
            cell = u < 0.8 ? workCell : u < 0.9 ? homeCell : cellId(rng.nextInt(regions), rng.nextInt(CELLS_PER_REGION));
          } else {
            cell = u < 0.85 ? homeCell : cellId(rng.nextInt(regions), rng.nextInt(CELLS_PER_REGION));
          }
          rec.put("subscriber_id", msisdn);
          rec.put("event_time", t);
          rec.put("cell_id", cell);
          rec.put("event_type", "data");
          w.write(rec);
        }
        written += quota;
      }
    }
  }

  private static int neighbour(int region, Well19937c rng) {
    int x = Math.floorMod(region % GRID + rng.nextInt(5) - 2, GRID);
    int y = Math.floorMod(region / GRID + rng.nextInt(5) - 2, GRID);
    return y * GRID + x;
  }
}
