package io.privflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.model.RawEvent;
import io.privflow.rejects.StageResult;
import io.privflow.testing.TestPipelines;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large CSV file is read in parallel ranges: lines split exactly as {@code BufferedReader} splits
 * them, and a file cut into many ranges gives the same records, rejections and record numbers as
 * the file read whole. About 3 s.
 */
class CsvSplitsTest {
  @TempDir Path dir;
  private static final long START = Instant.parse("2020-03-01T00:00:00Z").toEpochMilli();
  private static final long END = Instant.parse("2020-03-05T00:00:00Z").toEpochMilli();

  /** Hands out at most one byte per read, so every line and line end crosses a buffer refill. */
  private static InputStream trickle(byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
  }

  private static List<String> readLines(byte[] bytes) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes),
        StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        out.add(l);
      }
    }
    return out;
  }

  private static List<String> csvLines(InputStream in, List<Long> offsets) throws IOException {
    List<String> out = new ArrayList<>();
    CsvLines lines = new CsvLines(in, 0);
    while (lines.next()) {
      assertEquals(lines.text().isBlank(), lines.blank());
      out.add(lines.text());
      offsets.add(lines.lineOffset());
    }
    return out;
  }

  @Test
  void linesEndWhereReadLineEndsThem() throws IOException {
    String[] pieces = {"a", "b,c", " ", "\t", "\n", "\r", "\r\n", "\n\r", "é", "€", "\u3000", "😀", "\u000B"};
    Random random = new Random(42);
    for (int trial = 0; trial < 300; trial++) {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(40);
      for (int i = 0; i < n; i++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      if (trial % 50 == 0) {
        text.append("x".repeat(100_000)).append("\r"); // longer than the buffer, then a final lone \r
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      List<String> expected = readLines(bytes);
      List<Long> offsets = new ArrayList<>();
      assertEquals(expected, csvLines(new ByteArrayInputStream(bytes), offsets), text.toString());
      List<Long> trickled = new ArrayList<>();
      assertEquals(expected, csvLines(trickle(bytes), trickled), text.toString());
      assertEquals(offsets, trickled);
      // A reader started at any line's offset sees the lines from there on.
      for (int k = 0; k < offsets.size(); k++) {
        long at = offsets.get(k);
        byte[] rest = java.util.Arrays.copyOfRange(bytes, (int) at, bytes.length);
        assertEquals(expected.subList(k, expected.size()), readLines(rest));
      }
    }
  }

  @Test
  void invalidUtf8BecomesAReplacementCharacter() throws IOException {
    byte[] bytes = {'a', (byte) 0xC3, '(', '\n', (byte) 0xFF, '\n'};
    List<String> lines = csvLines(new ByteArrayInputStream(bytes), new ArrayList<>());
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).contains("\uFFFD") && lines.get(1).contains("\uFFFD"), lines.toString());
  }

  /** One line of the test file and what the reader must make of it. */
  private record Line(String text, String outcome) {}

  private static List<Line> hostileLines() {
    List<Line> lines = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 400; i++) {
      String id = "45" + (1000 + random.nextInt(50));
      String time = "2020-03-02T" + String.format("%02d:%02d:00Z", random.nextInt(24), random.nextInt(60));
      switch (random.nextInt(9)) {
        case 0 -> lines.add(new Line("", null)); // blank: not a record
        case 1 -> lines.add(new Line("   \t", null));
        case 2 -> lines.add(new Line(id + ",not-a-time,cA", "BAD_TIME"));
        case 3 -> lines.add(new Line(id + "," + time, "MALFORMED_ROW"));
        case 4 -> lines.add(new Line(id + "," + time + ",\"c,1", "MALFORMED_ROW"));
        case 5 -> lines.add(new Line(id + ",2021-01-01T00:00:00Z,cA", "filtered"));
        case 6 -> lines.add(new Line("\"" + id + "\"," + time + ",\"c,1\"", "ok " + id + " " + time + " c,1"));
        default -> lines.add(new Line(id + "," + time + ",cé" + i % 7, "ok " + id + " " + time + " cé" + i % 7));
      }
    }
    return lines;
  }

  @Test
  void aFileCutIntoManyRangesReadsLikeTheWholeFile() throws Exception {
    List<Line> lines = hostileLines();
    String[] ends = {"\n", "\r\n", "\r"};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write("subscriber_id,event_time,cell_id\r\n".getBytes(StandardCharsets.UTF_8));
    List<String> accepted = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    long record = 0;
    long filtered = 0;
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      bytes.write((l.text() + ends[i % 3]).getBytes(StandardCharsets.UTF_8));
      if (l.outcome() == null) {
        continue;
      }
      record++;
      if (l.outcome().startsWith("ok ")) {
        accepted.add(record + " " + l.outcome().substring(3));
      } else if (l.outcome().equals("filtered")) {
        filtered++;
      } else {
        rejected.add(record + " " + l.outcome());
      }
    }
    Path f = Files.write(dir.resolve("big.csv"), bytes.toByteArray());
    assertTrue(accepted.size() > 50 && rejected.size() > 50 && filtered > 20);

    Pipeline p = TestPipelines.create();
    for (long splitBytes : new long[] {CsvSplits.SPLIT_BYTES, 300}) {
      String name = "Split" + splitBytes;
      StageResult<RawEvent> t = p.apply(name,
          ReadInputs.networkEvents(List.of(f.toString()), START, END).withCsvSplitBytes(splitBytes));
      PAssert.that(name + "Accepted", t.accepted().apply(name + "A", MapElements.into(TypeDescriptors.strings())
          .via(e -> e.recordNumber() + " " + e.identifier() + " " + Instant.ofEpochMilli(e.eventTimeMillis())
              + " " + e.cellId()))).containsInAnyOrder(accepted);
      PAssert.that(name + "Rejected", t.rejected().apply(name + "R", MapElements.into(TypeDescriptors.strings())
          .via(r -> r.recordNumber() + " " + r.reason()))).containsInAnyOrder(rejected);
      PAssert.that(name + "Tallies", t.tallies().apply(name + "T", org.apache.beam.sdk.transforms.Sum.longsPerKey()))
          .containsInAnyOrder(org.apache.beam.sdk.values.KV.of("read.network_events", record),
              org.apache.beam.sdk.values.KV.of("filtered.network_events", filtered));
    }
    // The small cuts did cut: the file is read as many ranges.
    PAssert.thatSingleton(p.apply("Ranges", InputSplits.of(InputKind.NETWORK_EVENTS, List.of(f.toString()), 300))
            .apply("CountRanges", Count.globally()))
        .satisfies(n -> {
          assertTrue(n > 20, "ranges: " + n);
          return null;
        });
    p.run().waitUntilFinish();
  }
}
