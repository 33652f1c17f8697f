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
 * devices with a home and a work cell, N events over seven days in files of one slice of devices
 * each, sorted by device and time like an operator's export. The events are network events (a
 * cell id) or GPS fixes (the same cell's coordinates: the same region), as Parquet or CSV; the same
 * seed gives the same devices, instants and places in every source and format.
 */
final class BenchData {
  /** Which input the events are. */
  enum Source {
    NETWORK, GPS;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Which file format they are written in. */
  enum Format {
    PARQUET, CSV;

    String extension() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One event on its way to a file. */
  private interface Sink extends AutoCloseable {
    void write(String id, long time, int region, int k) throws IOException;

    @Override
    void close() throws IOException;
  }

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

  /** Writes regions.geojson, cells.csv and {@code files} files of events; skips if present. */
  static void generate(Path dir, long events, int files, long seed, Source source, Format format) throws Exception {
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
        Path file = dir.resolve(String.format("events-%03d.%s", f, format.extension()));
        long fileSeed = seed * 1_000_003L + f;
        parts.add(pool.submit(() -> {
          try (Sink sink = sink(file, source, format)) {
            writeEvents(sink, from, to, eventsHere, fileSeed);
          }
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
          "{\"type\":\"Feature\",\"properties\":{\"id\":\"G%03d\",\"name\":\"Grid %d\"},"
              + "\"geometry\":{\"type\":\"Polygon\","
              + "\"coordinates\":[[[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f],[%.4f,%.4f]]]}}%s%n",
          r, r, x, y, x + STEP, y, x + STEP, y + STEP, x, y + STEP, x, y, r + 1 < GRID * GRID ? "," : ""));
    }
    Files.writeString(file, b.append("]}\n"));
  }

  static double cellLon(int region, int k) {
    return LON0 + (region % GRID) * STEP + STEP * (0.1 + 0.8 * k / CELLS_PER_REGION);
  }

  static double cellLat(int region, int k) {
    return LAT0 + (region / GRID) * STEP + STEP * (0.2 + 0.15 * k);
  }

  private static void writeCells(Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("cell_id,lat,lon,valid_from,valid_to,range_m\n");
      for (int r = 0; r < GRID * GRID; r++) {
        for (int k = 0; k < CELLS_PER_REGION; k++) {
          w.write(String.format(java.util.Locale.ROOT, "%s,%.5f,%.5f,,,1500%n", cellId(r, k), cellLat(r, k),
              cellLon(r, k)));
        }
      }
    }
  }

  private static Sink sink(Path file, Source source, Format format) throws IOException {
    boolean gps = source == Source.GPS;
    if (format == Format.CSV) {
      BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
      w.write(gps ? "device_id,event_time,lat,lon,accuracy_m\n" : "subscriber_id,event_time,cell_id,event_type\n");
      return new Sink() {
        @Override
        public void write(String id, long time, int region, int k) throws IOException {
          String t = java.time.Instant.ofEpochMilli(time).toString();
          if (gps) {
            w.write(String.format(java.util.Locale.ROOT, "%s,%s,%.5f,%.5f,25%n", id, t, cellLat(region, k),
                cellLon(region, k)));
          } else {
            w.write(id + "," + t + "," + cellId(region, k) + ",data\n");
          }
        }

        @Override
        public void close() throws IOException {
          w.close();
        }
      };
    }
    org.apache.avro.Schema schema = gps ? io.privflow.schemas.GpsEvent.getClassSchema() : NetworkEvent.getClassSchema();
    ParquetWriter<GenericRecord> w = LocalParquet.genericWriter(file, schema);
    GenericRecord rec = new GenericData.Record(schema);
    return new Sink() {
      @Override
      public void write(String id, long time, int region, int k) throws IOException {
        if (gps) {
          rec.put("device_id", id);
          rec.put("event_time", time);
          rec.put("lat", cellLat(region, k));
          rec.put("lon", cellLon(region, k));
          rec.put("accuracy_m", 25.0);
        } else {
          rec.put("subscriber_id", id);
          rec.put("event_time", time);
          rec.put("cell_id", cellId(region, k));
          rec.put("event_type", "data");
        }
        w.write(rec);
      }

      @Override
      public void close() throws IOException {
        w.close();
      }
    };
  }

  /** Devices [from, to): each with a home and a work cell; events spread over the days. */
  private static void writeEvents(Sink sink, int from, int to, long events, long seed) throws IOException {
    Well19937c rng = new Well19937c(seed);
    int regions = GRID * GRID;
    long startMillis = START.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long written = 0;
    for (int d = from; d < to; d++) {
      long quota = events * (d - from + 1) / (to - from) - written;
      int home = rng.nextInt(regions);
      int work = rng.nextDouble() < 0.6 ? neighbour(home, rng) : home;
      int homeK = rng.nextInt(CELLS_PER_REGION);
      int workK = rng.nextInt(CELLS_PER_REGION);
      String msisdn = "45" + (20_000_000 + d);
      long[] times = new long[(int) quota];
      for (int i = 0; i < times.length; i++) {
        times[i] = startMillis + (long) (rng.nextDouble() * DAYS * 86_400_000L);
      }
      java.util.Arrays.sort(times);
      for (long t : times) {
        int hour = (int) ((t / 3_600_000L) % 24);
        boolean weekday = ((t - startMillis) / 86_400_000L) % 7 < 5;
        double u = rng.nextDouble();
        boolean atWork = weekday && hour >= 9 && hour < 17;
        if (atWork && u < 0.8) {
          sink.write(msisdn, t, work, workK);
        } else if (atWork ? u < 0.9 : u < 0.85) {
          sink.write(msisdn, t, home, homeK);
        } else {
          sink.write(msisdn, t, rng.nextInt(regions), rng.nextInt(CELLS_PER_REGION));
        }
      }
      written += quota;
    }
  }

  private static int neighbour(int region, Well19937c rng) {
    int x = Math.floorMod(region % GRID + rng.nextInt(5) - 2, GRID);
    int y = Math.floorMod(region / GRID + rng.nextInt(5) - 2, GRID);
    return y * GRID + x;
  }
}
