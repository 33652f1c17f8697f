package io.privflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench-grid's row lands in the grid table of docs/benchmarks.md, not in the last table of the file. */
class GridBenchTest {
  @TempDir Path dir;

  @Test
  void aRowGoesUnderTheGridTableOfTheRealDocument() throws Exception {
    Path doc = dir.resolve("benchmarks.md");
    Files.copy(Path.of("../docs/benchmarks.md"), doc);
    List<String> before = Files.readAllLines(doc);
    String header = GridBench.TABLE_HEADER.substring(0, GridBench.TABLE_HEADER.indexOf('\n'));
    int at = before.indexOf(header);
    assertTrue(at > 0, "docs/benchmarks.md has the grid table under bench-grid's own header");
    int end = at + 1;
    while (before.get(end).startsWith("|")) {
      end++;
    }
    GridBench.insertRow(doc, "| new row |\n");
    List<String> after = Files.readAllLines(doc);
    assertEquals(before.size() + 1, after.size());
    assertEquals("| new row |", after.get(end), "right after the grid table's last row");
    assertEquals(before.get(before.size() - 1), after.get(after.size() - 1), "the file's last table is untouched");
  }

  @Test
  void aFileWithoutTheTableGetsOneAtItsEnd() throws Exception {
    Path doc = dir.resolve("other.md");
    Files.writeString(doc, "# Benchmarks\n");
    GridBench.insertRow(doc, "| r |\n");
    List<String> lines = Files.readAllLines(doc);
    assertEquals("| r |", lines.get(lines.size() - 1));
    assertTrue(lines.contains(GridBench.TABLE_HEADER.substring(0, GridBench.TABLE_HEADER.indexOf('\n'))));
  }
}
