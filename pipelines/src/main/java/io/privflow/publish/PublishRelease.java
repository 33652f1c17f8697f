package io.privflow.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.privflow.model.NoisyCount;
import io.privflow.plan.Metric;
import io.privflow.plan.MetricPlan;
import io.privflow.plan.ReleasePlan;
import io.privflow.report.AnonymisationReport;
import io.privflow.report.ReportInputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the staged noisy cells into the release files and publishes them with one atomic rename:
 * the release directory either does not exist or is complete.
 */
public final class PublishRelease {
  private PublishRelease() {}

  /**
   * What was staged: released cells per metric (over its levels, in a region hierarchy) and the
   * SHA-256 of the manifest.
   */
  public record Staged(Map<Metric, Long> released, String manifestSha256) {}

  /**
   * Writes every release file, the anonymisation report, then {@code MANIFEST.json}, into the
   * staging directory. Nothing is visible at the release location yet.
   */
  public static Staged stage(ReleasePlan plan, Instant createdAt, ReportInputs report) throws IOException {
    Path staging = plan.stagingDirectory();
    Files.createDirectories(staging);
    Map<Metric, Long> released = new EnumMap<>(Metric.class);
    Map<MetricPlan, List<NoisyCount>> staged = new LinkedHashMap<>();
    List<String> files = new ArrayList<>();
    Map<MetricPlan, Long> perPlan = new LinkedHashMap<>();
    boolean raw = plan.levels() != null && plan.request().regions().hierarchy().rawNoisyTables();
    for (MetricPlan m : plan.metrics()) {
      List<NoisyCount> cells = sorted(readStaged(plan.noisyCellsDirectory(), m.label()));
      MetricTable table = plan.isCoarse(m)
          ? MetricTable.coarse(plan, m, asMap(readStaged(plan.noisyCellsDirectory(), m.unpublishedLabel())))
          : MetricTable.of(plan, m);
      write(table, cells, staging, m.fileStem(), files);
      if (raw) {
        // The level's noisy values as a release without a hierarchy would publish them.
        write(MetricTable.of(plan, m).raw(), sorted(readStaged(plan.noisyCellsDirectory(), m.rawLabel())), staging,
            m.rawFileStem(), files);
      }
      released.merge(m.metric(), (long) cells.size(), Long::sum);
      perPlan.put(m, (long) cells.size());
      staged.put(m, cells);
    }
    // Before the manifest, so that MANIFEST.json lists the report files too.
    files.addAll(AnonymisationReport.write(staging, plan, staged, createdAt, report));
    files.add("release.json");
    files.add(Manifest.FILE);
    var json = ReleaseMetadata.of(plan, perPlan, createdAt.toString(), files);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(staging.resolve("release.json").toFile(), json);
    return new Staged(released, Manifest.write(staging, plan.request().requestId()));
  }

  private static void write(MetricTable table, List<NoisyCount> cells, Path staging, String stem, List<String> files)
      throws IOException {
    table.writeCsv(cells, staging.resolve(stem + ".csv"));
    table.writeParquet(cells, staging.resolve(stem + ".parquet"));
    files.add(stem + ".parquet");
    files.add(stem + ".csv");
  }

  private static List<NoisyCount> sorted(List<NoisyCount> cells) {
    cells.sort(Comparator.comparingLong(NoisyCount::cell));
    return cells;
  }

  private static Map<Long, Long> asMap(List<NoisyCount> cells) {
    Map<Long, Long> m = new java.util.HashMap<>();
    cells.forEach(c -> m.put(c.cell(), c.count()));
    return m;
  }

  static List<NoisyCount> readStaged(Path dir, String metric) throws IOException {
    List<NoisyCount> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, metric + "-*")) {
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

  /** One rename publishes the whole directory; an existing release is never replaced. */
  public static void moveIntoPlace(Path staging, Path target) throws IOException {
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
