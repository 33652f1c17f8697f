package io.privflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.privflow.privacy.OdDomain;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's answer check: a zero-noise OD table that matches the reference in every cell says
 * "yes"; one wrong count, or one cell left out, is caught. About 2 s.
 */
class ZeroNoiseCompareTest {
  @TempDir Path dir;

  private static final OdDomain DOMAIN = new OdDomain(BenchData.DAYS - 1, BenchData.GRID * BenchData.GRID);

  /** The published table's layout: window, origin and destination region ids, count, interval. */
  private Path table(long[] counts, long skip) throws Exception {
    Path file = dir.resolve("od_counts-" + skip + ".csv");
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("window_start,window_end,origin_region,destination_region,count,ci95_low,ci95_high\n");
      for (long cell = 0; cell < DOMAIN.size(); cell++) {
        if (cell == skip) {
          continue;
        }
        int slot = DOMAIN.slotOf(cell);
        String start = BenchData.START.plusDays(slot) + "T00:00Z";
        String end = BenchData.START.plusDays(slot + 1) + "T00:00Z";
        w.write(String.format(Locale.ROOT, "%s,%s,G%03d,G%03d,%d,0,0%n", start, end, DOMAIN.originOf(cell),
            DOMAIN.destinationOf(cell), counts[(int) cell]));
      }
    }
    return file;
  }

  @Test
  void equalCountsPassAndAPlantedDifferenceIsCaught() throws Exception {
    long[] reference = new long[(int) DOMAIN.size()];
    for (int i = 0; i < reference.length; i++) {
      reference[i] = i % 7;
    }
    long total = 0;
    for (long c : reference) {
      total += c;
    }
    assertEquals(String.format(Locale.ROOT, "yes (60,000 cells, %,d contributions)", total),
        BenchCommand.compare(table(reference, -1), reference));

    long[] planted = reference.clone();
    planted[12_345]++;
    assertEquals("DIFFERS in 1 of 60,000 cells", BenchCommand.compare(table(planted, -1), reference));
    assertEquals("DIFFERS in 1 of 60,000 cells", BenchCommand.compare(table(reference, 4_321), reference),
        "a cell left out of the table");
  }
}
