package io.privflow.generate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * {@code privflow-tools generate}: writes a complete, deterministic synthetic input set into a directory.
 *
 * <p>Memory stays bounded for any number of devices: the map and the cells are small, devices are
 * generated and written one at a time in file order, and only their numbers (8 bytes each) are
 * held for the whole run.
 */
public final class SampleDataGenerator {
  private SampleDataGenerator() {}

  /**
   * Generates into {@code out} (created if needed; files of the same names are replaced).
   *
   * @param outLabel how the output directory is written in the README's command
   */
  public static GenerateSummary generate(GenerateOptions o, Path out, String outLabel) throws IOException {
    Files.createDirectories(out);
    long seed = o.seed();
    Country country = new CountryBuilder(seed).build();
    RegionsGeoJson.write(country, out.resolve("regions.geojson"));
    CellPlan cells = new CellPlanner(country, o).plan();
    long cellRows = CellsOutput.write(cells, out);

    int n = o.devices();
    long[] keys = Msisdn.sortedKeys(n, new Draw(Seeds.stream(seed, Seeds.Purpose.NUMBERS)));
    BitSet gpsDevices = share(n, o.gpsShare(), new Draw(Seeds.stream(seed, Seeds.Purpose.GPS_MEMBERS)));
    FaultPlan plan = new FaultPlan(n, gpsDevices, new Draw(Seeds.stream(seed, Seeds.Purpose.FAULT_PLAN)));
    Faults faults = new Faults(plan, cells, country, new Draw(Seeds.stream(seed, Seeds.Purpose.FAULT_PLAN, 1)));

    Places places = new Places(country, cells);
    DeviceFactory factory = new DeviceFactory(places, o.days());
    EventSynthesizer synth = new EventSynthesizer(country, cells, new DayPlanner(places), o);
    List<NetworkRow> network = new ArrayList<>();
    List<GpsRow> gps = new ArrayList<>();
    long networkRows;
    long gpsRows;
    try (NetworkSink netOut = new NetworkSink(out); GpsSink gpsOut = new GpsSink(out)) {
      // An empty id sorts first, so these rows head the file, as in an operator's sorted export.
      for (NetworkRow r : emptySubscriberRows(plan.emptySubscriberRows, cells, o, seed)) {
        netOut.write(r);
      }
      for (int i = 0; i < n; i++) {
        long number = Msisdn.number(keys[i]);
        Draw d = new Draw(Seeds.stream(seed, Seeds.Purpose.DEVICE, number));
        Device dev = factory.create(keys[i], gpsDevices.get(i), d);
        network.clear();
        gps.clear();
        synth.synthesize(dev, d, network, gps);
        faults.apply(i, network, gps, new Draw(Seeds.stream(seed, Seeds.Purpose.DEVICE_FAULTS, number)));
        for (NetworkRow r : network) {
          netOut.write(r);
        }
        for (GpsRow r : gps) {
          gpsOut.write(r);
        }
      }
      networkRows = netOut.rows();
      gpsRows = gpsOut.rows();
    }
    ConsentRegistryOutput.Written consent =
        ConsentRegistryOutput.write(keys, o, out, new Draw(Seeds.stream(seed, Seeds.Purpose.CONSENT)));
    GenerateSummary summary = new GenerateSummary(country.regions.size(), cellRows, n, gpsDevices.cardinality(),
        networkRows, gpsRows, consent.rows(), consent.subjects());
    Readme.write(out, o.commandLine(outLabel), seed, summary);
    return summary;
  }

  /** Exactly round(n * share) device positions, drawn by a partial Fisher-Yates shuffle. */
  private static BitSet share(int n, double share, Draw d) {
    int want = (int) Math.round(n * share);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    BitSet out = new BitSet(n);
    for (int i = 0; i < want; i++) {
      int j = i + d.index(n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
      out.set(order[i]);
    }
    return out;
  }

  /** Rows whose subscriber id the export lost: random times, cells valid at those times. */
  private static List<NetworkRow> emptySubscriberRows(int count, CellPlan cells, GenerateOptions o, long seed) {
    Draw d = new Draw(Seeds.stream(seed, Seeds.Purpose.ORPHAN_ROWS));
    long start = o.start().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    long end = o.end().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    List<NetworkRow> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long t = start + (long) (d.uniform() * (end - start));
      long day = Math.floorDiv(t, 86_400L);
      Cell c;
      do {
        c = cells.cells.get(d.index(cells.cells.size()));
      } while (!c.validOn(day));
      rows.add(new NetworkRow(null, Instant.ofEpochSecond(t), null, c.id, "data"));
    }
    rows.sort(Comparator.comparing(NetworkRow::time));
    return rows;
  }
}
