package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privflow.engine.RunnerChoice;
import io.privflow.policy.Policy;
import io.privflow.rejects.Reason;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11 item 18: the README's description of the custodian-only rejected records ("Where files
 * go" and the custodian table of "Output reference", read from the README text) is the layout a
 * real run writes. The tiny sample rejects records at both stages. The README must give one layout
 * in both places; every file and folder under {@code rejected/} must fit it (nothing else there);
 * every file starts with the README's header; every row's stage and reason are its folder's, the
 * stage the README's reason list gives for its code, with a 1-based record number of a data row of
 * the named input file and a pseudonym exactly at the region stage; the rows per reason are the run
 * summary's {@code rejected.<input>.<REASON>} counts.
 *
 * <p>Checked by changing the README's layout in "Where files go" to {@code rejected/<REASON>/part-*.csv}:
 * the test failed ("one layout in both places"). It also caught, before the fix, the empty folder
 * {@code rejected/.temp-beam} that Beam's file sink left behind, which ReleaseRun now removes
 * ({@code WriteRejections.tidy}). One DirectRunner release: 10-15 s, 35 s on a machine loaded by
 * other builds.
 */
class RejectedRecordsLayoutTest {
  @TempDir Path dir;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theReadmeDescribesTheRejectedRecordsARealRunWrites() throws Exception {
    String readme = Files.readString(Fixtures.projectRoot().resolve("README.md"));
    // "Where files go": the custodian directory's row names the per-release folder and the layout
    String where = row(readme, "| policy `custodian_directory`");
    assertTrue(where.contains("one folder `<dataset>/<request_id>` per release"), where);
    String layout = firstCode(where, "`rejected/");
    // "Output reference": the custodian table's row for the same files
    String output = row(readme, "| `rejected/");
    assertEquals(layout, firstCode(output, "`rejected/"), "one layout in both places");
    Matcher stagesText = Pattern.compile("One folder per stage \\(([^)]*)\\)").matcher(output);
    assertTrue(stagesText.find(), output);
    List<String> stages = codes(stagesText.group(1));
    Matcher headerText = Pattern.compile("header `([^`]+)`").matcher(output);
    assertTrue(headerText.find(), output);
    String header = headerText.group(1);
    Map<String, String> stageOfReason = reasonStages(readme);

    Policy policy = Fixtures.policy(dir);
    ReleaseRequest req = RequestParser.parse(RequestYaml.tiny().write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy);
    run.execute(run.plan(req), RunnerChoice.DIRECT.options(2, null));
    Path folder = policy.custodianFilesOf(req.dataset(), req.requestId());
    assertEquals(policy.custodianDirectory().resolve(req.dataset()).resolve(req.requestId()), folder);

    Pattern path = Pattern.compile(layout.replace(".", "\\.").replace("*", "[^/]+")
        .replace("<stage>", "(" + String.join("|", stages) + ")").replace("<REASON>", "([A-Z_]+)"));
    Set<String> files = new HashSet<>();
    Set<String> folders = new HashSet<>();
    try (Stream<Path> s = Files.walk(folder.resolve("rejected"))) {
      s.forEach(p -> (Files.isDirectory(p) ? folders : files).add(folder.relativize(p).toString()));
    }
    Map<String, Long> rows = new TreeMap<>();
    Set<String> stagesSeen = new HashSet<>();
    for (String f : files) {
      Matcher m = path.matcher(f);
      assertTrue(m.matches(), f + " fits " + layout);
      String stage = m.group(1);
      String reason = m.group(2);
      stagesSeen.add(stage);
      assertEquals(stage, stageOfReason.get(reason), reason + "'s stage in the README's reason list");
      List<String> lines = Files.readAllLines(folder.resolve(f));
      assertEquals(header, lines.get(0), f);
      try (Reader in = Files.newBufferedReader(folder.resolve(f))) {
        for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
          assertEquals(stage, r.get("stage"), f);
          assertEquals(reason, r.get("reason"), f);
          Path input = Fixtures.tiny(r.get("file"));
          long n = Long.parseLong(r.get("record_number"));
          assertTrue(n >= 1 && n < Files.readAllLines(input).size(), f + ": record " + n + " of " + r.get("file"));
          assertEquals(stage.equals("regions"), r.get("pseudonym").matches("[0-9a-f]{32}"), f + ": " + r);
          assertTrue(stage.equals("regions") || r.get("pseudonym").isEmpty(), f + ": " + r);
          rows.merge("rejected." + r.get("source") + "." + reason, 1L, Long::sum);
        }
      }
    }
    // no other file or folder: each folder is rejected/, a stage or a reason folder of some file
    for (String d : folders) {
      assertTrue(files.stream().anyMatch(f -> f.startsWith(d + "/")), "folder " + d + " holds no rejected records");
    }
    assertEquals(Set.copyOf(stages), stagesSeen, "the tiny sample rejects records at every stage the README names");

    JsonNode counters = JSON.readTree(folder.resolve("run-summary.json").toFile()).path("counters");
    Map<String, Long> summary = new TreeMap<>();
    counters.fields().forEachRemaining(e -> {
      if (e.getKey().startsWith("rejected.")) {
        summary.put(e.getKey(), e.getValue().asLong());
      }
    });
    assertEquals(summary, rows);
    // the (0, 0) GPS fix is data row 3 of gps_events.csv: the record number points at it
    assertTrue(Files.readAllLines(Fixtures.tiny("gps_events.csv")).get(3).contains(",0,0,"));
    assertEquals(1L, rows.get("rejected.gps_events.BAD_COORDINATE"));
    assertTrue(Files.readString(folder.resolve(files.stream().filter(f -> f.contains("BAD_COORDINATE")).findFirst()
        .orElseThrow())).contains("gps_events.csv,3,ingest,BAD_COORDINATE,,"));
  }

  /** The README table row that starts with {@code start}. */
  private static String row(String readme, String start) {
    int at = readme.indexOf("\n" + start);
    assertTrue(at >= 0, "README has a row " + start);
    assertEquals(-1, readme.indexOf("\n" + start, at + 1), "one row " + start);
    return readme.substring(at + 1, readme.indexOf('\n', at + 1));
  }

  /** The first code span of {@code text} that starts with {@code start}, without its backticks. */
  private static String firstCode(String text, String start) {
    int at = text.indexOf(start);
    assertTrue(at >= 0, text);
    return text.substring(at + 1, text.indexOf('`', at + 1));
  }

  private static List<String> codes(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("`([^`]+)`").matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Reason code to the stage in brackets, from the README's "Reason codes (" list. */
  private static Map<String, String> reasonStages(String readme) {
    int at = readme.indexOf("Reason codes (");
    String list = readme.substring(at, readme.indexOf("\n\n", at));
    Map<String, String> out = new HashMap<>();
    Matcher m = Pattern.compile("^- `([A-Z_]+)` \\(([^)]+)\\)", Pattern.MULTILINE).matcher(list);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    assertEquals(Reason.values().length, out.size(), list);
    assertFalse(out.isEmpty());
    return out;
  }
}
