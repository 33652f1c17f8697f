package io.privflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.cli.UserErrors;
import io.privflow.engine.RunnerChoice;
import io.privflow.files.LocalParquet;
import io.privflow.model.RawEvent;
import io.privflow.rejects.StageResult;
import io.privflow.schemas.NetworkEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Parquet reader (row groups listed, spread and read, checksums verified) on the production
 * runners: embedded Flink and local Spark read every row once with its record number, and a
 * damaged file fails the run with the same one-line message as on the DirectRunner.
 */
class ParquetOnEveryRunnerTest {
  @TempDir Path dir;
  private static final long START = Instant.parse("2020-03-01T00:00:00Z").toEpochMilli();
  private static final long END = Instant.parse("2020-03-05T00:00:00Z").toEpochMilli();
  private static final int EVENTS = 2_000;

  private Path write(String name) throws Exception {
    Path f = dir.resolve(name);
    try (ParquetWriter<NetworkEvent> w = AvroParquetWriter.<NetworkEvent>builder(LocalParquet.outputFile(f))
        .withSchema(NetworkEvent.getClassSchema()).withCompressionCodec(CompressionCodecName.SNAPPY)
        .withPageWriteChecksumEnabled(true).withRowGroupSize(4096).build()) {
      for (int i = 0; i < EVENTS; i++) {
        w.write(NetworkEvent.newBuilder().setSubscriberId("45" + (1_000_000 + i))
            .setEventTime(i % 100 == 99 ? null : Instant.parse("2020-03-02T00:00:00Z").plusSeconds(i))
            .setCellId("c" + (i % 13)).build());
      }
    }
    return f;
  }

  /** "accepted count,sum of record numbers" and "rejected count,sum of record numbers". */
  private List<String> read(RunnerChoice runner, Path file) throws Exception {
    Pipeline p = Pipeline.create(runner.options(2, null));
    StageResult<RawEvent> t = p.apply(ReadInputs.networkEvents(List.of(file.toString()), START, END));
    var accepted = t.accepted().apply("A", MapElements.into(TypeDescriptors.longs()).via(RawEvent::recordNumber))
        .apply("SumA", Sum.longsGlobally()).apply("FA", MapElements.into(TypeDescriptors.strings()).via(n -> "a," + n));
    var rejected = t.rejected().apply("R", MapElements.into(TypeDescriptors.longs()).via(r -> r.recordNumber()))
        .apply("SumR", Sum.longsGlobally()).apply("FR", MapElements.into(TypeDescriptors.strings()).via(n -> "r," + n));
    Path out = dir.resolve("out-" + runner.name());
    PCollectionList.of(accepted).and(rejected).apply(Flatten.pCollections())
        .apply(TextIO.write().to(out.resolve("sums").toString()));
    p.run().waitUntilFinish();
    try (Stream<Path> files = Files.list(out)) {
      return files.flatMap(f -> {
        try {
          return Files.readAllLines(f).stream();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).sorted().toList();
    }
  }

  @Test
  void flinkAndSparkReadEveryRowOnceWithItsRecordNumber() throws Exception {
    Path f = write("events.parquet");
    long all = (long) EVENTS * (EVENTS + 1) / 2;
    long bad = 0;
    for (int n = 100; n <= EVENTS; n += 100) {
      bad += n; // rows 100, 200, ... lack event_time
    }
    List<String> expected = List.of("a," + (all - bad), "r," + bad);
    assertEquals(expected, read(RunnerChoice.FLINK, f));
    assertEquals(expected, read(RunnerChoice.SPARK, f));
  }

  @Test
  void aDamagedFileFailsFlinkWithTheFileNamed() throws Exception {
    Path good = write("good.parquet");
    byte[] bytes = Files.readAllBytes(good);
    bytes[bytes.length / 3] ^= 0x10; // inside the first row groups' pages
    Path bad = Files.write(dir.resolve("bad.parquet"), bytes);
    Pipeline p = Pipeline.create(RunnerChoice.FLINK.options(2, null));
    p.apply(ReadInputs.networkEvents(List.of(bad.toString()), START, END));
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    String message = UserErrors.describe(e);
    assertTrue(message.startsWith(bad + ": the Parquet file is damaged"), message);
  }
}
