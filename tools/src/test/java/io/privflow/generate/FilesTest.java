package io.privflow.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.model.Identifiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesTest {
  @TempDir static Path dir;
  static GenerateSummary summary;
  static List<Map<String, String>> network;
  static List<Map<String, String>> gps;
  static List<Map<String, String>> cells;

  @BeforeAll
  static void generate() throws Exception {
    summary = GeneratedData.generate(dir, 120, 4, 3);
    network = GeneratedData.csv(dir.resolve("network_events.csv"));
    gps = GeneratedData.csv(dir.resolve("gps_events.csv"));
    cells = GeneratedData.csv(dir.resolve("cells.csv"));
  }

  @Test
  void csvAndParquetHoldTheSameRows() throws Exception {
    List<GenericRecord> netPq = GeneratedData.parquet(dir.resolve("network_events.parquet"));
    List<GenericRecord> gpsPq = GeneratedData.parquet(dir.resolve("gps_events.parquet"));
    List<GenericRecord> cellsPq = GeneratedData.parquet(dir.resolve("cells.parquet"));
    assertEquals(network.size(), netPq.size());
    assertEquals(gps.size(), gpsPq.size());
    assertEquals(cells.size(), cellsPq.size());
    assertEquals(summary.networkRows(), network.size());
    assertEquals(summary.gpsRows(), gps.size());
    for (int i = 0; i < network.size(); i++) {
      Map<String, String> c = network.get(i);
      GenericRecord p = netPq.get(i);
      assertEquals(c.get("subscriber_id"), p.get("subscriber_id") == null ? "" : p.get("subscriber_id").toString());
      assertEquals(c.get("cell_id"), p.get("cell_id").toString());
      if (p.get("event_time") != null) {
        assertEquals(Instant.parse(c.get("event_time")), p.get("event_time"));
      }
    }
    for (int i = 0; i < gps.size(); i++) {
      assertEquals(Double.parseDouble(gps.get(i).get("lat")), (Double) gpsPq.get(i).get("lat"));
      assertEquals(Double.parseDouble(gps.get(i).get("lon")), (Double) gpsPq.get(i).get("lon"));
    }
  }

  @Test
  void networkEventsAreSortedBySubscriberThenTimeAndInsideThePeriod() {
    Instant start = Instant.parse("2020-03-02T00:00:00Z");
    Instant end = Instant.parse("2020-03-06T00:00:00Z");
    String lastId = "";
    Instant lastTime = Instant.MIN;
    for (Map<String, String> r : network) {
      Instant t;
      try {
        t = Instant.parse(r.get("event_time"));
      } catch (DateTimeParseException e) {
        continue; // a deliberately bad time
      }
      assertTrue(!t.isBefore(start) && t.isBefore(end), t.toString());
      String id = r.get("subscriber_id");
      assertTrue(id.compareTo(lastId) > 0 || id.equals(lastId) && !t.isBefore(lastTime), id + " " + t);
      lastId = id;
      lastTime = t;
      assertTrue(Set.of("call", "sms", "data", "attach").contains(r.get("event_type")));
    }
  }

  @Test
  void aFewBadRowsOfEachKind() {
    Set<String> known = cells.stream().map(c -> c.get("cell_id")).collect(Collectors.toSet());
    long emptyId = network.stream().filter(r -> r.get("subscriber_id").isEmpty()).count();
    long unknownCell = network.stream().filter(r -> !known.contains(r.get("cell_id"))).count();
    long badTime = network.stream().filter(r -> !r.get("event_time").endsWith("Z")).count();
    long zero = gps.stream().filter(r -> Double.parseDouble(r.get("lat")) == 0 && Double.parseDouble(r.get("lon")) == 0).count();
    assertEquals(2, emptyId);
    assertEquals(4, unknownCell);
    assertEquals(3, badTime);
    assertEquals(3, zero);
    assertTrue(emptyId + unknownCell + badTime < network.size() / 100.0);
  }

  @Test
  void parquetHasNullsWhereCsvHasEmptyOrUnparsableValues() throws Exception {
    List<GenericRecord> netPq = GeneratedData.parquet(dir.resolve("network_events.parquet"));
    int nullIds = 0;
    int nullTimes = 0;
    for (int i = 0; i < netPq.size(); i++) {
      if (network.get(i).get("subscriber_id").isEmpty()) {
        assertNull(netPq.get(i).get("subscriber_id"));
        nullIds++;
      }
      if (!network.get(i).get("event_time").endsWith("Z")) {
        assertNull(netPq.get(i).get("event_time"));
        nullTimes++;
      }
    }
    assertEquals(2, nullIds);
    assertEquals(3, nullTimes);
  }

  @Test
  void gpsDevicesAreNetworkDevicesSpelledDifferently() {
    Set<String> netRaw = new HashSet<>();
    Set<String> netNorm = new HashSet<>();
    for (Map<String, String> r : network) {
      netRaw.add(r.get("subscriber_id"));
      netNorm.add(Identifiers.normalise(r.get("subscriber_id")));
    }
    Set<String> gpsRaw = gps.stream().map(r -> r.get("device_id")).collect(Collectors.toSet());
    assertTrue(gpsRaw.size() > 0.2 * 120 && gpsRaw.size() <= 0.3 * 120, "gps devices: " + gpsRaw.size());
    int known = 0;
    for (String id : gpsRaw) {
      assertTrue(!netRaw.contains(id), "GPS id spelled as in the network file");
      assertTrue(Identifiers.normalise(id).matches("45\\d{8}"));
      known += netNorm.contains(Identifiers.normalise(id)) ? 1 : 0;
    }
    // Nearly silent devices may have GPS fixes but no network event in the period.
    assertTrue(known >= 0.9 * gpsRaw.size(), known + " of " + gpsRaw.size() + " GPS devices in the network file");
    assertTrue(gps.size() < network.size() / 3);
  }

  @Test
  void readmeQuotesTheCommand() throws Exception {
    String readme = Files.readString(dir.resolve("README.md"));
    assertTrue(readme.contains("privflow-tools generate --devices 120 --days 4 --seed 3 --start 2020-03-02"), readme);
    assertTrue(readme.contains("synthetic"));
  }
}
