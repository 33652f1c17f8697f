package io.privflow.bench;

import io.privflow.bounding.ContributionBounder;
import io.privflow.files.LocalParquet;
import io.privflow.ingest.InputKind;
import io.privflow.locate.WindowScheme;
import io.privflow.model.DeviceTrajectory;
import io.privflow.model.Pseudonym;
import io.privflow.privacy.OdDomain;
import io.privflow.privacy.SecureRandoms;
import io.privflow.pseudonymize.Pseudonymizer;
import io.privflow.regions.CellHistory;
import io.privflow.regions.GeoJsonRegions;
import io.privflow.regions.RegionIndex;
import io.privflow.regions.RegionSet;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * The benchmark's yardstick: the same computation as the OD release (read Parquet with only the
 * needed columns, pseudonymise, map to regions through the cell reference, locate per window by
 * modal region, transitions, bound, count) as one plain single-threaded Java loop. It is the
 * speed of light the pipeline is measured against; it is never used for releases (no rejection
 * output, no reconciliation, no noise, no publication).
 */
final class ReferenceOd {
  private ReferenceOd() {}

  record Result(long events, long located, long contributions, long[] counts) {}

  /** Per device: per window a small region tally (region, count, latest event). */
  private static final class Device {
    final Map<Integer, long[]> windows = new HashMap<>(8);

    void add(int window, int region, long time) {
      long[] t = windows.get(window);
      if (t == null) {
        windows.put(window, new long[] {region, 1, time});
        return;
      }
      for (int i = 0; i < t.length; i += 3) {
        if (t[i] == region) {
          t[i + 1]++;
          t[i + 2] = Math.max(t[i + 2], time);
          return;
        }
      }
      long[] grown = Arrays.copyOf(t, t.length + 3);
      grown[t.length] = region;
      grown[t.length + 1] = 1;
      grown[t.length + 2] = time;
      windows.put(window, grown);
    }

    static int modal(long[] t) {
      int best = 0;
      for (int i = 3; i < t.length; i += 3) {
        if (t[i + 1] > t[best + 1] || (t[i + 1] == t[best + 1]
            && (t[i + 2] > t[best + 2] || (t[i + 2] == t[best + 2] && t[i] < t[best])))) {
          best = i;
        }
      }
      return (int) t[best];
    }
  }

  /** The per-event loop: pseudonymise (once per run of one identifier), keep the located events. */
  private static final class Events {
    final Pseudonymizer pseudonymizer;
    final WindowScheme windows;
    final Map<Pseudonym, Device> devices = new HashMap<>();
    long events;
    long located;
    String lastId;
    Pseudonym last;

    Events(Pseudonymizer pseudonymizer, WindowScheme windows) {
      this.pseudonymizer = pseudonymizer;
      this.windows = windows;
    }

    /** One event; {@code region} is negative when it could not be placed. */
    void add(String raw, long t, int region) {
      if (!raw.equals(lastId)) {
        last = pseudonymizer.pseudonymize(raw);
        lastId = raw;
      }
      int w = windows.windowOf(t);
      if (last == null || w < 0 || region < 0) {
        return;
      }
      located++;
      devices.computeIfAbsent(last, k -> new Device()).add(w, region, t);
    }
  }

  /** A network event's region through the cell reference on its day, or -1. */
  private static int cellRegion(Map<String, CellHistory> cells, String cell, long t) {
    CellHistory h = cells.get(cell);
    return h == null ? -1 : h.regionOn((int) Math.floorDiv(t, 86_400_000L));
  }

  /** A GPS fix's region, or -1 for an invalid or unplaced point (the release's checks). */
  private static int pointRegion(RegionIndex index, double lat, double lon) {
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) || (lat == 0 && lon == 0)) {
      return -1;
    }
    return index.locate(lat, lon);
  }

  private static void readParquet(Path f, BenchData.Source source, Events loop, RegionIndex index,
      Map<String, CellHistory> cells) throws Exception {
    boolean gps = source == BenchData.Source.GPS;
    InputKind kind = gps ? InputKind.GPS_EVENTS : InputKind.NETWORK_EVENTS;
    try (ParquetReader<GenericRecord> reader = LocalParquet.reader(f, kind.projection())) {
      for (GenericRecord rec = reader.read(); rec != null; rec = reader.read()) {
        loop.events++;
        Object id = rec.get(gps ? "device_id" : "subscriber_id");
        Object time = rec.get("event_time");
        if (id == null || time == null) {
          continue;
        }
        long t = (Long) time;
        int region;
        if (gps) {
          Object lat = rec.get("lat");
          Object lon = rec.get("lon");
          if (lat == null || lon == null) {
            continue;
          }
          region = pointRegion(index, (Double) lat, (Double) lon);
        } else {
          Object cell = rec.get("cell_id");
          if (cell == null) {
            continue;
          }
          region = cellRegion(cells, cell.toString(), t);
        }
        loop.add(id.toString(), t, region);
      }
    }
  }

  /** CSV read with a real CSV parser and ISO instants parsed, as the release must. */
  private static void readCsv(Path f, BenchData.Source source, Events loop, RegionIndex index,
      Map<String, CellHistory> cells) throws Exception {
    boolean gps = source == BenchData.Source.GPS;
    try (Reader r = Files.newBufferedReader(f)) {
      for (CSVRecord c : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
        loop.events++;
        String id = c.get(gps ? "device_id" : "subscriber_id");
        String time = c.get("event_time");
        if (id.isEmpty() || time.isEmpty()) {
          continue;
        }
        long t = java.time.Instant.parse(time).toEpochMilli();
        int region = gps ? pointRegion(index, Double.parseDouble(c.get("lat")), Double.parseDouble(c.get("lon")))
            : cellRegion(cells, c.get("cell_id").strip(), t);
        loop.add(id, t, region);
      }
    }
  }

  static Result run(List<Path> eventFiles, BenchData.Source source, BenchData.Format format, Path cellsCsv,
      Path regionsFile, Path keyFile, WindowScheme windows, int bound) throws Exception {
    RegionSet regions = GeoJsonRegions.load(regionsFile, "id", "name", w -> {});
    RegionIndex index = new RegionIndex(regions);
    Map<String, CellHistory> cells = new HashMap<>();
    Map<String, List<CellHistory.Placement>> rows = new HashMap<>();
    try (Reader r = Files.newBufferedReader(cellsCsv)) {
      for (CSVRecord c : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
        int from = c.get("valid_from").isEmpty() ? Integer.MIN_VALUE
            : (int) LocalDate.parse(c.get("valid_from")).toEpochDay();
        int to = c.get("valid_to").isEmpty() ? Integer.MAX_VALUE
            : (int) LocalDate.parse(c.get("valid_to")).toEpochDay();
        int region = index.locate(Double.parseDouble(c.get("lat")), Double.parseDouble(c.get("lon")));
        rows.computeIfAbsent(c.get("cell_id"), k -> new ArrayList<>()).add(new CellHistory.Placement(from, to, region));
      }
    }
    rows.forEach((id, p) -> cells.put(id, new CellHistory(p)));
    Events loop = new Events(Pseudonymizer.fromKeyFile(keyFile), windows);
    for (Path f : eventFiles) {
      if (format == BenchData.Format.CSV) {
        readCsv(f, source, loop, index, cells);
      } else {
        readParquet(f, source, loop, index, cells);
      }
    }
    Map<Pseudonym, Device> devices = loop.devices;
    long events = loop.events;
    long located = loop.located;
    OdDomain domain = new OdDomain(windows.count() - 1, regions.size());
    ContributionBounder bounder = ContributionBounder.transitions(domain, bound);
    SecureRandom random = SecureRandoms.create();
    long[] counts = new long[Math.toIntExact(domain.size())];
    long contributions = 0;
    for (Map.Entry<Pseudonym, Device> e : devices.entrySet()) {
      int[] ws = e.getValue().windows.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
      int[] rs = new int[ws.length];
      for (int i = 0; i < ws.length; i++) {
        rs[i] = Device.modal(e.getValue().windows.get(ws[i]));
      }
      for (long c : bounder.cells(new DeviceTrajectory(e.getKey(), ws, rs), random)) {
        counts[(int) c]++;
        contributions++;
      }
    }
    return new Result(events, located, contributions, counts);
  }
}
