package io.privflow.locate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A device tally with hundreds of (window, region) entries, as under coverage mapping on a fine
 * grid: past 16 entries the tally finds an entry through its hash index instead of a scan. Every
 * instant must land in its own entry, through the index's growth and through merges and the coder
 * (which rebuild tallies entry by entry). Pure Java, well under a second.
 */
class TallyIndexTest {
  @Test
  void everyInstantLandsInItsOwnEntryPastTheScan() throws Exception {
    Random rng = new Random(13);
    TrajectoryFn.Tally t = new TrajectoryFn.Tally();
    Map<Long, Integer> expected = new HashMap<>();
    for (int k = 0; k < 20_000; k++) {
      int w = rng.nextInt(7);
      int r = rng.nextInt(300);
      long time = (long) k * 1000;
      t.add(w, r, time);
      expected.merge(((long) w << 32) | r, 1, Integer::sum);
    }
    assertEquals(expected.size(), t.size, "one entry per distinct (window, region)");
    check(t, expected);

    // Merged into a fresh tally and through the coder: the same entries and counts.
    TrajectoryFn.Tally merged = new TrajectoryFn.Tally();
    TrajectoryFn.mergeInto(merged, t);
    check(merged, expected);
    TrajectoryFn.Tally decoded = org.apache.beam.sdk.util.CoderUtils.decodeFromByteArray(TrajectoryFn.TALLY_CODER,
        org.apache.beam.sdk.util.CoderUtils.encodeToByteArray(TrajectoryFn.TALLY_CODER, t));
    check(decoded, expected);
    // Adding to a decoded tally finds its entries (the coder's entries are indexed too).
    decoded.add(3, 42, 999_999_999L);
    assertEquals(expected.size() + (expected.containsKey((3L << 32) | 42) ? 0 : 1), decoded.size);
  }

  private static void check(TrajectoryFn.Tally t, Map<Long, Integer> expected) {
    for (int i = 0; i < t.size; i++) {
      long key = ((long) t.window[i] << 32) | t.region[i];
      assertEquals(expected.get(key).longValue(), t.count(i), "entry " + t.window[i] + "/" + t.region[i]);
    }
  }
}
