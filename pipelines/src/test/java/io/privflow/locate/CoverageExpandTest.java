package io.privflow.locate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.privflow.regions.CellHistory;
import io.privflow.regions.CoverageTable;
import io.privflow.regions.CoverageWeights;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Coverage tallies counted per (window, cell row) and expanded at the merge (what the release does)
 * against shares added event by event (what it did before): the same trajectory, the same
 * duplicates, the same weighted observations, on 3,000 random events of one device over four cells
 * (two of them with two validity rows), GPS fixes and exact repeats. Pure Java, under a second.
 */
class CoverageExpandTest {
  private static final int U = CoverageWeights.UNIT;

  private static CellHistory.Shares shares(int[] regions, int[] weights) {
    return new CellHistory.Shares(regions, weights);
  }

  @Test
  void expandingPerCellTalliesGivesWhatPerEventSharesGave() {
    WindowScheme windows = WindowScheme.of(LocalDate.parse("2020-03-01"), LocalDate.parse("2020-03-08"),
        ZoneOffset.UTC, Period.ofDays(1));
    TrajectoryFn fn = new TrajectoryFn(windows);
    int day0 = (int) LocalDate.parse("2020-03-01").toEpochDay();
    Map<String, CellHistory> cells = new TreeMap<>();
    cells.put("c1", new CellHistory(List.of(CellHistory.Placement.covering(day0, day0 + 3,
        shares(new int[] {0, 1, CellHistory.Shares.OUTSIDE}, new int[] {U / 2, U / 4, U / 4})),
        CellHistory.Placement.covering(day0 + 4, day0 + 9, shares(new int[] {2}, new int[] {U})))));
    cells.put("c2", new CellHistory(List.of(CellHistory.Placement.covering(day0, day0 + 9,
        shares(new int[] {1, 2}, new int[] {U / 2, U / 2})))));
    cells.put("c3", new CellHistory(List.of(CellHistory.Placement.covering(day0, day0 + 9,
        shares(new int[] {CellHistory.Shares.OUTSIDE, 3}, new int[] {U - 100, 100})))));
    cells.put("a0", new CellHistory(List.of(CellHistory.Placement.covering(day0, day0 + 2,
        shares(new int[] {3}, new int[] {U})), CellHistory.Placement.covering(day0 + 3, day0 + 9,
        shares(new int[] {0, 3}, new int[] {U / 3, U - U / 3})))));
    CoverageTable table = new CoverageTable(cells);
    List<String> ids = new ArrayList<>(cells.keySet());

    Random rng = new Random(5);
    TrajectoryFn.Tally perEvent = new TrajectoryFn.Tally();
    TrajectoryFn.Tally perCell = new TrajectoryFn.Tally();
    long start = windows.startMillis();
    long[] previous = new long[0];
    for (int k = 0; k < 3000; k++) {
      long offset = rng.nextInt(7 * 86_400) * 1000L;
      String cell = ids.get(rng.nextInt(ids.size()));
      boolean gps = rng.nextInt(10) == 0;
      boolean repeat = previous.length > 0 && rng.nextInt(20) == 0;
      if (repeat) {
        offset = previous[0];
        cell = ids.get((int) previous[1]);
        gps = previous[2] == 1;
      }
      previous = new long[] {offset, ids.indexOf(cell), gps ? 1 : 0};
      if (gps) {
        int region = rng.nextInt(4);
        if (repeat) {
          region = 0;
        }
        fn.addWhole(perEvent, offset, region);
        fn.addObservation(perCell, TrajectoryFn.observation(offset, CoverageTable.pointId(region)));
        continue;
      }
      int day = (int) Math.floorDiv(start + offset, 86_400_000L);
      fn.addShares(perEvent, offset, cells.get(cell).sharesOn(day));
      fn.addObservation(perCell, TrajectoryFn.observation(offset, table.id(cell, cells.get(cell), day)));
    }
    TrajectoryFn.Tally expanded = TrajectoryFn.expand(perCell, table);
    TrajectoryFn.Windows a = perEvent.trajectory();
    TrajectoryFn.Windows b = expanded.trajectory();
    assertArrayEquals(a.windows(), b.windows());
    assertArrayEquals(a.regions(), b.regions());
    assertEquals(a.duplicates(), b.duplicates());
    assertEquals(observations(perEvent), observations(expanded));
  }

  private static Map<String, Integer> observations(TrajectoryFn.Tally t) {
    Map<String, Integer> seen = new TreeMap<>();
    t.forEachObservation((offset, region, weight) -> seen.merge(offset + "/" + region + "/" + weight, 1, Integer::sum));
    return seen;
  }
}
