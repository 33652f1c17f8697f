package io.privflow.bench;

import io.privflow.locate.WindowScheme;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code privflow-tools bench --events N}: generates N synthetic events as Parquet (daily windows, about
 * N / 50 devices, 100 regions), runs the full release in a child JVM with a capped heap (Parquet
 * read to published output), then the plain-Java reference on the same files in this JVM, and
 * appends one row with the figures to docs/benchmarks.md. A benchmark, not a test: nothing here
 * asserts a time.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark a full release against a plain-Java reference; append the result to docs/benchmarks.md.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--events", required = true, description = "Number of synthetic events.")
  long events;

  @Option(names = "--dir", defaultValue = "target/bench", description = "Work directory (data is reused per N).")
  Path dir;

  @Option(names = "--runner", defaultValue = "flink", description = "flink, spark or direct.")
  String runner;

  @Option(names = "--heap", defaultValue = "4g", description = "Heap cap of the release JVM (-Xmx).")
  String heap;

  @Option(names = "--files", description = "Parquet files to split the events into (default: one per 2.5 M events, at least 2).")
  Integer files;

  @Option(names = "--seed", defaultValue = "7")
  long seed;

  @Option(names = "--reference", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Run the plain-Java reference (--no-reference skips it).")
  boolean reference;

  @Option(names = "--record", defaultValue = "docs/benchmarks.md", description = "Markdown file to append the row to.")
  Path record;

  @Option(names = "--note", defaultValue = "", description = "Free text for the row's last column.")
  String note;

  @Override
  public Integer call() throws Exception {
    Path data = dir.resolve("data-" + events);
    int fileCount = files != null ? files : (int) Math.max(2, events / 2_500_000L);
    long g0 = System.nanoTime();
    BenchData.generate(data, events, fileCount, seed);
    System.out.printf("bench: data ready in %s (%.1f s; generation is not part of the measurement)%n", data,
        (System.nanoTime() - g0) / 1e9);
    Path run = dir.resolve("run-" + Instant.now().toEpochMilli());
    Files.createDirectories(run);
    Path key = run.resolve("bench.key");
    io.privflow.files.KeyFiles.create(key, io.privflow.privacy.SecureRandoms.create());
    Files.writeString(run.resolve("policy.yaml"), "state_directory: state\npseudonymization_key_file: bench.key\n"
        + "datasets:\n  bench: {budget: 1000}\n");
    Files.writeString(run.resolve("request.yaml"), """
        request_id: bench-%d
        dataset: bench
        purpose: benchmark on synthetic data
        retention_until: 2099-12-31
        inputs:
          network_events: [%s]
          cells: [%s]
        regions: {file: %s}
        time: {start: %s, end: %s, zone: UTC, window: P1D}
        privacy: {epsilon: 1.0, min_count: 10}
        metrics:
          od: {max_transitions_per_device: 6}
        output: {directory: %s}
        """.formatted(events, data.resolve("events-*.parquet").toAbsolutePath(), data.resolve("cells.csv").toAbsolutePath(),
        data.resolve("regions.geojson").toAbsolutePath(), BenchData.START, BenchData.START.plusDays(BenchData.DAYS),
        run.resolve("release").toAbsolutePath()));

    ChildRun child = ChildRun.release(run, heap, runner);
    System.out.printf(Locale.ROOT, "bench: release of %,d events on %s: %.1f s wall, %,.0f events/s, peak heap %s MiB,"
            + " peak RSS %d MiB%n", events, runner, child.seconds(), events / child.seconds(),
        child.peakHeapMiB() < 0 ? "?" : Long.toString(child.peakHeapMiB()), child.peakRssMiB());
    if (child.exitCode() != 0) {
      System.out.println("bench: the release failed (exit " + child.exitCode() + "); see " + run.resolve("release.log"));
    }
    double refSeconds = Double.NaN;
    if (reference) {
      List<Path> eventFiles;
      try (Stream<Path> s = Files.list(data)) {
        eventFiles = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
      }
      WindowScheme windows = WindowScheme.of(BenchData.START, BenchData.START.plusDays(BenchData.DAYS),
          ZoneOffset.UTC, Period.ofDays(1));
      long r0 = System.nanoTime();
      ReferenceOd.Result r = ReferenceOd.run(eventFiles, data.resolve("cells.csv"), data.resolve("regions.geojson"),
          key, windows, 6);
      refSeconds = (System.nanoTime() - r0) / 1e9;
      System.out.printf(Locale.ROOT, "bench: plain-Java reference: %.1f s (%,d events, %,d located, %,d contributions);"
          + " privflow/reference = %.1fx%n", refSeconds, r.events(), r.located(), r.contributions(), child.seconds() / refSeconds);
    }
    appendRow(child, refSeconds, fileCount);
    return child.exitCode() == 0 ? 0 : 1;
  }

  private void appendRow(ChildRun child, double refSeconds, int fileCount) throws IOException {
    long memMiB = memTotalMiB();
    String row = String.format(Locale.ROOT, "| %s | %,d | %s | %d | %.1f GiB | %s | %d | %.1f | %,.0f | %s | %d | %s | %s | %s |%n",
        LocalDate.now(), events, runner, Runtime.getRuntime().availableProcessors(), memMiB / 1024.0, heap, fileCount,
        child.seconds(), events / child.seconds(), child.peakHeapMiB() < 0 ? "?" : Long.toString(child.peakHeapMiB()),
        child.peakRssMiB(), Double.isNaN(refSeconds) ? "-" : String.format(Locale.ROOT, "%.1f", refSeconds),
        Double.isNaN(refSeconds) ? "-" : String.format(Locale.ROOT, "%.1fx", child.seconds() / refSeconds),
        (child.exitCode() == 0 ? "" : "FAILED exit " + child.exitCode() + "; ") + note);
    if (!Files.exists(record)) {
      Files.createDirectories(record.toAbsolutePath().getParent());
      Files.writeString(record, "# Benchmarks\n\n" + TABLE_HEADER);
    }
    Files.writeString(record, row, StandardOpenOption.APPEND);
    System.out.println("bench: appended to " + record);
  }

  static final String TABLE_HEADER =
      "| date | events | runner | cores | memory | heap cap | files | wall (s) | events/s | peak heap (MiB) | peak RSS (MiB)"
          + " | reference (s) | privflow/reference | note |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";

  static long memTotalMiB() {
    try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/meminfo"))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return Runtime.getRuntime().maxMemory() >> 20;
  }

  /** The release in a child JVM, with its wall time, peak RSS (from /proc) and reported peak heap. */
  record ChildRun(int exitCode, double seconds, long peakRssMiB, long peakHeapMiB) {
    static ChildRun release(Path run, String heap, String runner) throws Exception {
      // The release jar (privflow.jar, on the tools jar's class path), not the tools jar itself.
      Path jar = Path.of(io.privflow.cli.Privflow.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-Dprivflow.reportPeakHeap=true"));
      if (jar.toString().endsWith(".jar")) {
        cmd.addAll(List.of("-jar", jar.toString())); // the manifest carries the JVM opens Spark needs
      } else {
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.privflow.cli.Privflow"));
      }
      cmd.addAll(List.of("release", "--policy", run.resolve("policy.yaml").toString(),
          "--request", run.resolve("request.yaml").toString(), "--runner", runner));
      Path log = run.resolve("release.log");
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long peakRss = 0;
      while (p.isAlive()) {
        peakRss = Math.max(peakRss, rssPeakKiB(p.pid()));
        Thread.sleep(100);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long peakHeap = -1;
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.startsWith("privflow: peak heap ")) {
          peakHeap = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return new ChildRun(p.exitValue(), seconds, peakRss / 1024, peakHeap);
    }

    /** VmHWM: the process's peak resident set so far, in KiB (0 when unreadable). */
    static long rssPeakKiB(long pid) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(
          Files.newInputStream(Path.of("/proc/" + pid + "/status")), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.startsWith("VmHWM:")) {
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException | NumberFormatException e) {
        // the process just ended
      }
      return 0;
    }
  }
}
