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

  static Result run(List<Path> eventFiles, Path cellsCsv, Path regionsFile, Path keyFile, WindowScheme windows,
      int bound) throws Exception {
    RegionSet regions = GeoJsonRegions.load(regionsFile, "id", "name", w -> {});
    RegionIndex index = new RegionIndex(regions);
    Map<String, CellHistory> cells = new HashMap<>();
    Map<String, List<CellHistory.Placement>> rows = new HashMap<>();
    try (Reader r = Files.newBufferedReader(cellsCsv)) {
      for (CSVRecord c : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
        int from = c.get("valid_from").isEmpty() ? Integer.MIN_VALUE : (int) LocalDate.parse(c.get("valid_from")).toEpochDay();
        int to = c.get("valid_to").isEmpty() ? Integer.MAX_VALUE : (int) LocalDate.parse(c.get("valid_to")).toEpochDay();
        int region = index.locate(Double.parseDouble(c.get("lat")), Double.parseDouble(c.get("lon")));
        rows.computeIfAbsent(c.get("cell_id"), k -> new ArrayList<>()).add(new CellHistory.Placement(from, to, region));
      }
    }
    rows.forEach((id, p) -> cells.put(id, new CellHistory(p)));
    Pseudonymizer pseudonymizer = Pseudonymizer.fromKeyFile(keyFile);
    Map<Pseudonym, Device> devices = new HashMap<>();
    long events = 0;
    long located = 0;
    String lastId = null;
    Pseudonym last = null;
    for (Path f : eventFiles) {
      try (ParquetReader<GenericRecord> reader = LocalParquet.reader(f, InputKind.NETWORK_EVENTS.projection())) {
        for (GenericRecord rec = reader.read(); rec != null; rec = reader.read()) {
          events++;
          Object id = rec.get("subscriber_id");
          Object time = rec.get("event_time");
          Object cell = rec.get("cell_id");
          if (id == null || time == null || cell == null) {
            continue;
          }
          String raw = id.toString();
          if (!raw.equals(lastId)) {
            last = pseudonymizer.pseudonymize(raw);
            lastId = raw;
          }
          long t = (Long) time;
          int w = windows.windowOf(t);
          CellHistory h = cells.get(cell.toString());
          if (last == null || w < 0 || h == null) {
            continue;
          }
          int region = h.regionOn((int) Math.floorDiv(t, 86_400_000L));
          if (region < 0) {
            continue;
          }
          located++;
          devices.computeIfAbsent(last, k -> new Device()).add(w, region, t);
        }
      }
    }
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
