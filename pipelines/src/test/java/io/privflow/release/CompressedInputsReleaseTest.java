package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.engine.RunCounters;
import io.privflow.engine.RunnerChoice;
import io.privflow.rejects.Source;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import io.privflow.testing.ZeroNoise;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compressed inputs of every kind through a whole release (#11 item 19): the review's gzipped CDR
 * export was refused by the input check, and only network events were tested once it was fixed.
 * Here the tiny fixture's three files go in compressed, each differently (network events zstd, GPS
 * fixes gzip, the cell reference bzip2), and the release is the one TinyReleaseTest computes by
 * hand from the plain files, with every record read. One release, about 10 s.
 */
class CompressedInputsReleaseTest {
  @TempDir Path dir;

  private Path compressed(String fixture, Compression c) throws IOException {
    Path f = dir.resolve(fixture + c.getSuggestedSuffix());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (WritableByteChannel w = c.writeCompressed(Channels.newChannel(bytes))) {
      w.write(ByteBuffer.wrap(Files.readAllBytes(Fixtures.tiny(fixture))));
    }
    return Files.write(f, bytes.toByteArray());
  }

  @Test
  void compressedNetworkGpsAndCellFilesGiveTheReleaseOfThePlainOnes() throws Exception {
    Path events = compressed("network_events.csv", Compression.ZSTD);
    Path gps = compressed("gps_events.csv", Compression.GZIP);
    Path cells = compressed("cells.csv", Compression.BZIP2);
    ReleaseRequest req = RequestParser.parse(RequestYaml.tiny().networkEvents(events.toString())
        .gpsEvents(gps.toString()).cells(cells.toString()).write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), Fixtures.policy(dir));
    ReleaseRun.Outcome o = run.execute(run.plan(req, ZeroNoise.factory()), RunnerChoice.DIRECT.options(2, null));

    // the matrix of TinyReleaseTest, from the same records
    assertEquals(List.of(
        "window_start,window_end,origin_region,destination_region,count,ci95_low,ci95_high",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,A,B,1,1,1",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,A,C,1,1,1",
        "2020-03-01T00:00:00Z,2020-03-02T00:00:00Z,C,A,1,1,1",
        "2020-03-02T00:00:00Z,2020-03-03T00:00:00Z,B,B,1,1,1"),
        Files.readAllLines(dir.resolve("release/od_counts.csv")));
    RunCounters c = o.counters();
    assertEquals(16, c.read(Source.NETWORK_EVENTS));
    assertEquals(4, c.read(Source.GPS_EVENTS));
    assertEquals(Map.of("BAD_COORDINATE", 1L), c.rejected(Source.GPS_EVENTS));
    assertEquals(7, c.accepted(Source.CELLS));
    for (Source s : Source.values()) {
      assertTrue(c.reconciles(s), s.label());
    }
  }
}
