package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
