package io.privflow.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.privflow.job.ReleasePlan;
import io.privflow.privacy.NoisyCount;
import io.privflow.privacy.OdDomain;
import io.privflow.schemas.OdCount;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Turns the staged noisy cells into the release files and publishes them with one atomic rename:
 * the release directory either does not exist or is complete.
 */
public final class PublishRelease {
  public static final List<String> OD_COLUMNS =
      List.of("window_start", "window_end", "origin_region", "destination_region", "count");

  private PublishRelease() {}

  /** Writes and publishes; returns the number of released cells. */
  public static long publish(ReleasePlan plan, Instant createdAt) throws IOException {
    List<NoisyCount> cells = readStaged(plan.noisyCellsDirectory());
    cells.sort(Comparator.comparingLong(NoisyCount::cell));
    Path staging = plan.stagingDirectory();
    Files.createDirectories(staging);
    writeCsv(plan, cells, staging.resolve("od_counts.csv"));
    writeParquet(plan, cells, staging.resolve("od_counts.parquet"));
    List<String> files = List.of("od_counts.parquet", "od_counts.csv", "release.json");
    var json = ReleaseMetadata.of(plan, cells.size(), createdAt.toString(), files);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(staging.resolve("release.json").toFile(), json);
    moveIntoPlace(staging, plan.request().outputDirectory());
    return cells.size();
  }

  static List<NoisyCount> readStaged(Path dir) throws IOException {
    List<NoisyCount> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "cells*")) {
      for (Path f : files) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (line.isEmpty()) {
            continue;
          }
          int comma = line.indexOf(',');
          out.add(new NoisyCount(Long.parseLong(line.substring(0, comma)), Long.parseLong(line.substring(comma + 1))));
        }
      }
    }
    return out;
  }

  private static void writeCsv(ReleasePlan plan, List<NoisyCount> cells, Path file) throws IOException {
    OdDomain d = plan.domain();
    ZoneId zone = plan.request().time().zone();
    DateTimeFormatter f = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder()
            .setHeader(OD_COLUMNS.toArray(String[]::new)).setRecordSeparator('\n').build())) {
      for (NoisyCount c : cells) {
        int slot = d.slotOf(c.cell());
        csv.printRecord(
            f.format(Instant.ofEpochMilli(plan.windows().windowStart(slot)).atZone(zone)),
            f.format(Instant.ofEpochMilli(plan.windows().windowEnd(slot)).atZone(zone)),
            plan.regions().get(d.originOf(c.cell())).id(),
            plan.regions().get(d.destinationOf(c.cell())).id(),
            c.count());
      }
    }
  }

  private static void writeParquet(ReleasePlan plan, List<NoisyCount> cells, Path file) throws IOException {
    OdDomain d = plan.domain();
    try (ParquetWriter<OdCount> w = LocalParquet.writer(file, OdCount.getClassSchema())) {
      for (NoisyCount c : cells) {
        int slot = d.slotOf(c.cell());
        w.write(OdCount.newBuilder()
            .setWindowStart(Instant.ofEpochMilli(plan.windows().windowStart(slot)))
            .setWindowEnd(Instant.ofEpochMilli(plan.windows().windowEnd(slot)))
            .setOriginRegion(plan.regions().get(d.originOf(c.cell())).id())
            .setDestinationRegion(plan.regions().get(d.destinationOf(c.cell())).id())
            .setCount(c.count())
            .build());
      }
    }
  }

  /** One rename publishes the whole directory; an existing release is never replaced. */
  static void moveIntoPlace(Path staging, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    if (Files.exists(target)) {
      throw new ReleaseFailedException("the release location " + target + " exists already; nothing was published");
    }
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new ReleaseFailedException("cannot publish atomically to " + target
          + " (the work directory must be on the same file system); nothing was published");
    } catch (FileAlreadyExistsException e) {
      throw new ReleaseFailedException("the release location " + target + " exists already; nothing was published");
    }
  }
}
