package io.privflow.locate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.privflow.regions.CellHistory.Shares;
import io.privflow.regions.CoverageWeights;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * A device's tally under coverage mapping: the region with the highest total weight per window,
 * the tie rules of tower-point mapping (latest event, then lower region index; the outside entry
 * loses ties), a window whose weight lies mostly outside left unlocated, exact repeats counted
 * once (and one duplicate per repeated event, not one per share), and the observations accessor
 * in both modes. Plain Java, well under 1 s.
 */
class CoverageTallyTest {
  private static final int U = CoverageWeights.UNIT;
  private static final int OUT = Shares.OUTSIDE;
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private final TrajectoryFn fn = new TrajectoryFn(WindowScheme.of(
      LocalDate.parse("2020-03-01"), LocalDate.parse("2020-03-05"), ZoneId.of("UTC"), Period.ofDays(1)));

  private static Shares shares(int[] regions, int[] weights) {
    return new Shares(regions, weights);
  }

  private static TrajectoryFn.Tally roundTrip(TrajectoryFn.Tally t) throws Exception {
    return CoderUtils.decodeFromByteArray(TrajectoryFn.TALLY_CODER,
        CoderUtils.encodeToByteArray(TrajectoryFn.TALLY_CODER, t));
  }

  @Test
  void theRegionWithTheHighestTotalWeightWins() throws Exception {
    TrajectoryFn.Tally t = new TrajectoryFn.Tally();
    // Day 0: region 0 has the largest single share, region 1 the largest total (55536).
    fn.addShares(t, HOUR, shares(new int[] {0, 1}, new int[] {50000, 15536}));
    fn.addShares(t, 2 * HOUR, shares(new int[] {1, 2}, new int[] {40000, 25536}));
    // Day 1: mostly outside: not located that day.
    fn.addShares(t, DAY + HOUR, shares(new int[] {0, OUT}, new int[] {20000, 45536}));
    // Day 2: a whole unit each (a GPS fix and a cell wholly in region 3): tie, the latest wins.
    fn.addWhole(t, 2 * DAY + HOUR, 0);
    fn.addShares(t, 2 * DAY + 2 * HOUR, shares(new int[] {3}, new int[] {U}));
    // Day 3: half and half at one instant: the lower index; half outside: the region.
    fn.addShares(t, 3 * DAY + HOUR, shares(new int[] {2, 1}, new int[] {U / 2, U / 2}));
    TrajectoryFn.Windows w = roundTrip(t).trajectory();
    assertArrayEquals(new int[] {0, 2, 3}, w.windows());
    assertArrayEquals(new int[] {1, 3, 1}, w.regions());
    TrajectoryFn.Tally half = new TrajectoryFn.Tally();
    fn.addShares(half, HOUR, shares(new int[] {4, OUT}, new int[] {U / 2, U / 2}));
    assertArrayEquals(new int[] {4}, half.trajectory().regions(), "the outside entry loses a tie");
  }

  @Test
  void anExactRepeatCountsOnceAndAsOneDuplicate() throws Exception {
    Shares cell = shares(new int[] {0, 1, OUT}, new int[] {15000, 50000, 536});
    TrajectoryFn.Tally a = new TrajectoryFn.Tally();
    fn.addShares(a, HOUR, cell);
    fn.addShares(a, HOUR, cell); // the same record twice in one bundle
    TrajectoryFn.Tally b = new TrajectoryFn.Tally();
    fn.addShares(b, HOUR, cell); // and once more in another bundle
    fn.addShares(b, 2 * HOUR, shares(new int[] {0}, new int[] {40000}));
    TrajectoryFn.Tally merged = new TrajectoryFn.Tally();
    TrajectoryFn.mergeInto(merged, roundTrip(a));
    TrajectoryFn.mergeInto(merged, roundTrip(b));
    TrajectoryFn.Windows w = merged.trajectory();
    // Counted once: region 0 has 55000, region 1 50000. Counted three times, region 1 would win.
    assertArrayEquals(new int[] {0}, w.regions());
    assertEquals(2, w.duplicates(), "two repeated events, each counted once as a duplicate");
    List<String> seen = new ArrayList<>();
    merged.forEachObservation((offset, region, weight) -> seen.add(offset / HOUR + "h r" + region + " " + weight));
    seen.sort(null);
    assertEquals(List.of("1h r-1 536", "1h r0 15000", "1h r1 50000", "2h r0 40000"), seen);
  }

  @Test
  void observationsOfATowerPointTallyWeighAWholeUnit() {
    TrajectoryFn.Tally t = new TrajectoryFn.Tally();
    fn.addObservation(t, TrajectoryFn.observation(HOUR, 5));
    fn.addObservation(t, TrajectoryFn.observation(HOUR, 5));
    fn.addObservation(t, TrajectoryFn.observation(DAY + HOUR, 7));
    List<String> seen = new ArrayList<>();
    t.forEachObservation((offset, region, weight) -> seen.add(offset / HOUR + "h r" + region + " " + weight));
    seen.sort(null);
    assertEquals(List.of("1h r5 " + U, "25h r7 " + U), seen);
    assertEquals(1, t.trajectory().duplicates());
  }
}
