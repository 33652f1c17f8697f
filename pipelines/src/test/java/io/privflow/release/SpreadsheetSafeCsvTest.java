package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.engine.RunnerChoice;
import io.privflow.files.LocalParquet;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import io.privflow.testing.ZeroNoise;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Region ids that a spreadsheet would run as formulas ({@code -5}, {@code =1+1}, {@code @C}) reach
 * the release's CSV with a leading apostrophe; the Parquet file holds them unchanged.
 */
class SpreadsheetSafeCsvTest {
  @TempDir Path dir;

  @Test
  void regionIdsThatLookLikeFormulasAreNeutralisedInTheReleaseCsv() throws Exception {
    String geo = Files.readString(Fixtures.tiny("regions.geojson"))
        .replace("\"id\":\"A\"", "\"id\":\"-5\"").replace("\"id\":\"B\"", "\"id\":\"=1+1\"")
        .replace("\"id\":\"C\"", "\"id\":\"@C\"");
    Path regions = Files.writeString(dir.resolve("formula-regions.geojson"), geo);
    ReleaseRequest req = RequestParser.parse(RequestYaml.tiny().regionsFile(regions).write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), Fixtures.policy(dir));
    run.execute(run.plan(req, ZeroNoise.factory()), RunnerChoice.DIRECT.options(2, null));

    // the tiny release's matrix (see TinyReleaseTest) with A = -5, B = =1+1, C = @C
    assertEquals(List.of(
        "window_start,window_end,origin_region,destination_region,count,ci95_low,ci95_high",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,'-5,'=1+1,1,1,1",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,'-5,'@C,1,1,1",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,'@C,'-5,1,1,1",
        "2020-03-02T00:00:00Z,2020-03-03T00:00:00Z,'=1+1,'=1+1,1,1,1"),
        Files.readAllLines(dir.resolve("release/od_counts.csv")));
    List<String> parquet = new ArrayList<>();
    try (ParquetReader<GenericRecord> r = LocalParquet.reader(dir.resolve("release/od_counts.parquet"))) {
      for (GenericRecord g = r.read(); g != null; g = r.read()) {
        parquet.add(g.get("origin_region") + ">" + g.get("destination_region"));
      }
    }
    assertEquals(List.of("-5>=1+1", "-5>@C", "@C>-5", "=1+1>=1+1"), parquet);
  }

  /**
   * Every CSV of a release with OD, presence and window totals (#11 item 15): presence_counts.csv
   * neutralises its region column as od_counts.csv does, and no text cell of od_totals.csv (or of
   * any other CSV of the release) starts like a formula. Ids that begin with {@code +} (a telephone
   * number as an id), {@code -}, {@code =} and {@code @}. One release, about 10 s.
   */
  @Test
  void everyCsvOfTheReleaseIsSpreadsheetSafe() throws Exception {
    String geo = Files.readString(Fixtures.tiny("regions.geojson"))
        .replace("\"id\":\"A\"", "\"id\":\"+4522\"").replace("\"id\":\"B\"", "\"id\":\"=B\"")
        .replace("\"id\":\"C\"", "\"id\":\"-C\"");
    Path regions = Files.writeString(dir.resolve("formula-regions.geojson"), geo);
    RequestYaml yaml = RequestYaml.tiny().regionsFile(regions).odShare("0.4").presence(4, "0.3").total("0.3")
        .set("metrics.total.of", "od");
    ReleaseRequest req = RequestParser.parse(yaml.write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), Fixtures.policy(dir));
    run.execute(run.plan(req, ZeroNoise.factory()), RunnerChoice.DIRECT.options(2, null));

    Path release = dir.resolve("release");
    List<String> presence = Files.readAllLines(release.resolve("presence_counts.csv"));
    assertEquals("window_start,window_end,region,count,ci95_low,ci95_high", presence.get(0));
    List<String> regionsSeen = new ArrayList<>();
    for (String line : presence.subList(1, presence.size())) {
      regionsSeen.add(line.split(",")[2]);
    }
    assertEquals(List.of("'+4522", "'-C", "'=B"), regionsSeen.stream().distinct().sorted().toList(),
        "every region of the presence table, neutralised");
    assertEquals("window_start,window_end,metric,count,ci95_low,ci95_high",
        Files.readAllLines(release.resolve("od_totals.csv")).get(0));
    List<String> csvs;
    try (var s = Files.list(release)) {
      csvs = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv")).sorted().toList();
    }
    assertEquals(List.of("od_counts.csv", "od_totals.csv", "presence_counts.csv"), csvs);
    for (String name : csvs) {
      List<String> lines = Files.readAllLines(release.resolve(name));
      assertTrue(lines.size() > 1, name + " has rows");
      for (String line : lines) {
        for (String cell : line.split(",", -1)) {
          boolean number = cell.matches("-?[0-9]+(\\.[0-9]+)?");
          assertTrue(number || cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0,
              name + ": a cell a spreadsheet would run: " + line);
        }
      }
    }
    List<String> parquet = new ArrayList<>();
    try (ParquetReader<GenericRecord> r = LocalParquet.reader(release.resolve("presence_counts.parquet"))) {
      for (GenericRecord g = r.read(); g != null; g = r.read()) {
        parquet.add(g.get("region").toString());
      }
    }
    assertEquals(List.of("+4522", "-C", "=B"), parquet.stream().distinct().sorted().toList(), "Parquet unchanged");
  }
}
