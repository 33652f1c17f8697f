package io.privflow.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {
  private static final String[] FILES = {"regions.geojson", "cells.csv", "network_events.csv", "gps_events.csv"};

  /**
   * Parquet files are compared by content: parquet-mr writes each column's encodings from a hash
   * set of enums, whose order can change between JVM runs, so the footers may differ in bytes.
   */
  private static final String[] PARQUET = {"cells.parquet", "network_events.parquet", "gps_events.parquet"};

  @Test
  void sameSeedGivesIdenticalFilesAndAnotherSeedDoesNot(@TempDir Path tmp) throws Exception {
    Path a = tmp.resolve("a").resolve("out");
    Path b = tmp.resolve("b").resolve("out");
    Path c = tmp.resolve("c").resolve("out");
    GeneratedData.generate(a, 60, 3, 11);
    GeneratedData.generate(b, 60, 3, 11);
    GeneratedData.generate(c, 60, 3, 12);
    for (String f : FILES) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
    }
    for (String f : PARQUET) {
      assertEquals(GeneratedData.parquet(a.resolve(f)).toString(), GeneratedData.parquet(b.resolve(f)).toString(), f);
    }
    assertArrayEquals(Files.readAllBytes(a.resolve("README.md")), Files.readAllBytes(b.resolve("README.md")));
    for (String f : new String[] {"regions.geojson", "cells.csv", "network_events.csv", "gps_events.csv"}) {
      assertFalse(Arrays.equals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(c.resolve(f))), f);
    }
  }

  @Test
  void generatingAgainIntoTheSameDirectoryReplacesTheFiles(@TempDir Path tmp) throws Exception {
    GeneratedData.generate(tmp, 20, 2, 5);
    String first = GeneratedData.parquet(tmp.resolve("network_events.parquet")).toString();
    GeneratedData.generate(tmp, 20, 2, 5);
    assertEquals(first, GeneratedData.parquet(tmp.resolve("network_events.parquet")).toString());
  }
}
