package io.privflow.generate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.regions.GeoJsonRegions;
import io.privflow.regions.RegionIndex;
import io.privflow.regions.RegionSet;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On weekdays most devices spend the day in another region than the night: the modal cell from
 * 09:00 to 16:00 local time and the modal cell from 20:00 to 06:00 lie in different regions.
 */
class CommuterPatternTest {
  private static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");

  @Test
  void mostDevicesWorkInAnotherRegionThanTheySleep(@TempDir Path dir) throws Exception {
    GeneratedData.generate(dir, 200, 7, 42);
    RegionSet regions = GeoJsonRegions.load(dir.resolve("regions.geojson"), "id", "name", w -> {});
    RegionIndex index = new RegionIndex(regions);
    Map<String, Integer> cellRegion = new HashMap<>();
    for (Map<String, String> c : GeneratedData.csv(dir.resolve("cells.csv"))) {
      // re-planned cells stay in their region, so either row gives the region
      cellRegion.put(c.get("cell_id"), index.locate(Double.parseDouble(c.get("lat")), Double.parseDouble(c.get("lon"))));
    }
    Map<String, Map<String, Integer>> day = new HashMap<>();
    Map<String, Map<String, Integer>> night = new HashMap<>();
    for (Map<String, String> r : GeneratedData.csv(dir.resolve("network_events.csv"))) {
      if (r.get("subscriber_id").isEmpty() || !r.get("event_time").endsWith("Z")) {
        continue;
      }
      ZonedDateTime t = Instant.parse(r.get("event_time")).atZone(ZONE);
      DayOfWeek dow = t.getDayOfWeek();
      if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
        continue;
      }
      int h = t.getHour();
      Map<String, Map<String, Integer>> target = h >= 9 && h < 16 ? day : h >= 20 || h < 6 ? night : null;
      if (target != null) {
        target.computeIfAbsent(r.get("subscriber_id"), k -> new HashMap<>()).merge(r.get("cell_id"), 1, Integer::sum);
      }
    }
    int both = 0;
    int differ = 0;
    for (String id : day.keySet()) {
      if (!night.containsKey(id)) {
        continue;
      }
      both++;
      Integer dayRegion = cellRegion.get(modal(day.get(id)));
      Integer nightRegion = cellRegion.get(modal(night.get(id)));
      if (dayRegion != null && !dayRegion.equals(nightRegion)) {
        differ++;
      }
    }
    assertTrue(both >= 150, "devices with weekday day and night events: " + both);
    assertTrue(differ > both / 2, differ + " of " + both + " devices commute to another region");
  }

  private static String modal(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .orElseThrow()
        .getKey();
  }

}
