package io.privflow.bench;

import io.privflow.locate.WindowScheme;
import java.io.BufferedReader;
import java.io.File;
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
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code privflow-tools bench --events N}: generates N synthetic events (network events or GPS
 * fixes, Parquet or CSV; daily windows, about N / 50 devices, 100 regions), then, {@code --runs}
 * times, runs the full release in a child JVM with a capped heap (input files to published output)
 * and the plain-Java reference on the same files in this JVM; then checks the answer: a release
 * with the test-only zero-noise mechanism (in a child JVM with the pipelines test-jar on its class
 * path, never reachable from the CLI) must give the reference's count in every cell. It appends one
 * row (min/median/max over the runs, the load average before each run, whether the zero-noise
 * answer equals the reference) to docs/benchmarks.md. A benchmark, not a test: nothing here asserts
 * a time.
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

  @Option(names = "--source", defaultValue = "network", description = "network (cell ids) or gps (points).")
  String source;

  @Option(names = "--format", defaultValue = "parquet", description = "parquet or csv.")
  String format;

  @Option(names = "--runs", defaultValue = "1", description = "Timed runs; the row gives min/median/max.")
  int runs;

  @Option(names = "--files",
      description = "Files to split the events into (default: one per 2.5 M events, at least 2).")
  Integer files;

  @Option(names = "--seed", defaultValue = "7")
  long seed;

  @Option(names = "--reference", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Run the plain-Java reference (--no-reference skips it).")
  boolean reference;

  @Option(names = "--check", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Check a zero-noise release against the reference (--no-check skips it).")
  boolean check;

  @Option(names = "--jfr", description = "Record the first run with Java Flight Recorder into this file.")
  Path jfr;

  @Option(names = "--record", defaultValue = "docs/benchmarks.md", description = "Markdown file to append the row to.")
  Path record;

  @Option(names = "--class-data-archive", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Start the release JVM with privflow.jsa, the build's class-data archive beside privflow.jar,"
          + " as the README's faster start-up does (--no-class-data-archive: without it).")
  boolean classDataArchive;

  @Option(names = "--small-machine-settings", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Start the release JVM with the README's settings for machines of few cores: the parallel"
          + " collector and higher C2 compiler thresholds (--no-small-machine-settings: the JVM's defaults).")
  boolean smallMachineSettings;

  @Option(names = "--note", defaultValue = "", description = "Free text for the row's last column.")
  String note;

  @Override
  public Integer call() throws Exception {
    BenchData.Source src = BenchData.Source.valueOf(source.toUpperCase(Locale.ROOT));
    BenchData.Format fmt = BenchData.Format.valueOf(format.toUpperCase(Locale.ROOT));
    Path data = dir.resolve(src == BenchData.Source.NETWORK && fmt == BenchData.Format.PARQUET ? "data-" + events
        : "data-" + src.label() + "-" + fmt.extension() + "-" + events);
    int fileCount = files != null ? files : (int) Math.max(2, events / 2_500_000L);
    long g0 = System.nanoTime();
    BenchData.generate(data, events, fileCount, seed, src, fmt);
    System.out.printf("bench: data ready in %s (%.1f s; generation is not part of the measurement)%n", data,
        (System.nanoTime() - g0) / 1e9);
    List<Path> eventFiles;
    try (Stream<Path> s = Files.list(data)) {
      eventFiles = s.filter(p -> p.getFileName().toString().startsWith("events-")).sorted().toList();
    }
    WindowScheme windows = WindowScheme.of(BenchData.START, BenchData.START.plusDays(BenchData.DAYS),
        ZoneOffset.UTC, Period.ofDays(1));
    List<ChildRun> children = new ArrayList<>();
    List<Double> refs = new ArrayList<>();
    List<String> loads = new ArrayList<>();
    ReferenceOd.Result lastRef = null;
    for (int i = 0; i < runs; i++) {
      Path run = prepare(data, src, fmt, 10, "run");
      loads.add(loadAverage());
      System.out.println("bench: run " + (i + 1) + " of " + runs + ", load average before it " + loads.get(i));
      ChildRun child = ChildRun.release(run, heap, runner, i == 0 ? jfr : null, classDataArchive,
          smallMachineSettings);
      children.add(child);
      System.out.printf(Locale.ROOT, "bench: release of %,d events on %s: %.1f s wall, %,.0f events/s, peak heap %s"
              + " MiB, peak RSS %d MiB%n", events, runner, child.seconds(), events / child.seconds(),
          child.peakHeapMiB() < 0 ? "?" : Long.toString(child.peakHeapMiB()), child.peakRssMiB());
      if (child.exitCode() != 0) {
        System.out.println("bench: the release failed (exit " + child.exitCode() + "); see "
            + run.resolve("release.log"));
        break;
      }
      if (reference) {
        long r0 = System.nanoTime();
        lastRef = ReferenceOd.run(eventFiles, src, fmt, data.resolve("cells.csv"), data.resolve("regions.geojson"),
            run.resolve("bench.key"), windows, 6);
        double refSeconds = (System.nanoTime() - r0) / 1e9;
        refs.add(refSeconds);
        System.out.printf(Locale.ROOT, "bench: plain-Java reference: %.1f s (%,d events, %,d located,"
            + " %,d contributions); privflow/reference = %.1fx%n", refSeconds, lastRef.events(), lastRef.located(),
            lastRef.contributions(), child.seconds() / refSeconds);
      }
    }
    String verdict = "not checked";
    boolean failed = children.stream().anyMatch(c -> c.exitCode() != 0);
    if (check && !failed) {
      verdict = zeroNoiseCheck(data, src, fmt, eventFiles, windows, lastRef);
      System.out.println("bench: zero-noise answer vs reference: " + verdict);
    }
    appendRow(src, fmt, children, refs, loads, fileCount, verdict);
    return failed || verdict.startsWith("DIFFERS") ? 1 : 0;
  }

  /** A fresh run directory (own key, policy, state and output) with a request over the data. */
  private Path prepare(Path data, BenchData.Source src, BenchData.Format fmt, int minCount, String kind)
      throws IOException {
    Path run = dir.resolve(kind + "-" + Instant.now().toEpochMilli());
    Files.createDirectories(run);
    io.privflow.files.KeyFiles.create(run.resolve("bench.key"), io.privflow.privacy.SecureRandoms.create());
    Files.writeString(run.resolve("policy.yaml"), "state_directory: state\npseudonymization_key_file: bench.key\n"
        + "datasets:\n  bench: {budget: 1000}\n");
    String input = src == BenchData.Source.GPS ? "gps_events" : "network_events";
    Files.writeString(run.resolve("request.yaml"), """
        request_id: bench-%s-%d
        dataset: bench
        purpose: benchmark on synthetic data
        retention_until: 2099-12-31
        inputs:
          %s: [%s]
          cells: [%s]
        regions: {file: %s}
        time: {start: %s, end: %s, zone: UTC, window: P1D}
        privacy: {epsilon: 1.0, min_count: %d}
        metrics:
          od: {max_transitions_per_device: 6}
        output: {directory: %s}
        """.formatted(kind, events, input, data.resolve("events-*." + fmt.extension()).toAbsolutePath(),
        data.resolve("cells.csv").toAbsolutePath(), data.resolve("regions.geojson").toAbsolutePath(), BenchData.START,
        BenchData.START.plusDays(BenchData.DAYS), minCount, run.resolve("release").toAbsolutePath()));
    return run;
  }

  /**
   * A release with the test-only zero-noise mechanism and no threshold (every cell of the domain
   * published) on the same runner, compared cell by cell with the reference's counts.
   */
  private String zeroNoiseCheck(Path data, BenchData.Source src, BenchData.Format fmt, List<Path> eventFiles,
      WindowScheme windows, ReferenceOd.Result ref) throws Exception {
    Path testJar = ChildRun.testJar();
    if (testJar == null) {
      return "not checked (no pipelines test-jar)";
    }
    Path run = prepare(data, src, fmt, 0, "zero-noise");
    System.out.println("bench: zero-noise release (untimed), load average " + loadAverage());
    ChildRun z = ChildRun.zeroNoise(run, heap, runner, testJar);
    if (z.exitCode() != 0) {
      return "DIFFERS: the zero-noise release failed (exit " + z.exitCode() + ", " + run.resolve("release.log") + ")";
    }
    if (ref == null) {
      ref = ReferenceOd.run(eventFiles, src, fmt, data.resolve("cells.csv"), data.resolve("regions.geojson"),
          run.resolve("bench.key"), windows, 6);
    }
    return compare(run.resolve("release").resolve("od_counts.csv"), ref.counts());
  }

  /**
   * Compares a zero-noise, no-threshold release's OD table with the reference's count per cell:
   * every cell of the domain must be published with exactly the reference's count.
   */
  static String compare(Path odCounts, long[] reference) throws IOException {
    io.privflow.privacy.OdDomain domain = new io.privflow.privacy.OdDomain(BenchData.DAYS - 1,
        BenchData.GRID * BenchData.GRID);
    long[] released = new long[reference.length];
    java.util.Arrays.fill(released, -1); // a cell the release left out differs
    long start = BenchData.START.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    try (java.io.Reader r = Files.newBufferedReader(odCounts)) {
      for (org.apache.commons.csv.CSVRecord c : org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader()
          .setSkipHeaderRecord(true).build().parse(r)) {
        long t = java.time.OffsetDateTime.parse(c.get("window_start")).toInstant().toEpochMilli();
        int slot = (int) ((t - start) / 86_400_000L);
        int o = Integer.parseInt(c.get("origin_region").substring(1));
        int d = Integer.parseInt(c.get("destination_region").substring(1));
        released[(int) domain.cell(slot, o, d)] = Long.parseLong(c.get("count"));
      }
    }
    long differ = 0;
    long total = 0;
    for (int i = 0; i < released.length; i++) {
      total += reference[i];
      if (released[i] != reference[i]) {
        differ++;
      }
    }
    return differ == 0 ? String.format(Locale.ROOT, "yes (%,d cells, %,d contributions)", released.length, total)
        : String.format(Locale.ROOT, "DIFFERS in %,d of %,d cells", differ, released.length);
  }

  /** The 1-, 5- and 15-minute load averages, as /proc/loadavg gives them. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static String spread(List<Double> v, String fmt) {
    if (v.isEmpty()) {
      return "-";
    }
    List<Double> s = v.stream().sorted().toList();
    double median = s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    if (s.size() == 1) {
      return String.format(Locale.ROOT, fmt, median);
    }
    return String.format(Locale.ROOT, fmt + " / " + fmt + " / " + fmt, s.get(0), median, s.get(s.size() - 1));
  }

  private static double median(List<Double> v) {
    List<Double> s = v.stream().sorted().toList();
    return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
  }

  private void appendRow(BenchData.Source src, BenchData.Format fmt, List<ChildRun> children, List<Double> refs,
      List<String> loads, int fileCount, String verdict) throws IOException {
    List<Double> walls = children.stream().map(ChildRun::seconds).toList();
    double medianWall = median(walls);
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(walls.size(), refs.size()); i++) {
      ratios.add(walls.get(i) / refs.get(i));
    }
    int failedExit = children.stream().mapToInt(ChildRun::exitCode).filter(e -> e != 0).findFirst().orElse(0);
    String row = String.format(Locale.ROOT, "| %s | %,d | %s %s | %s | %d | %s | %d | %d | %s | %s | %,.0f | %d"
            + " | %s | %s | %s | %s | %s |%n",
        LocalDate.now(), events, src.label(), fmt.extension(), runner, Runtime.getRuntime().availableProcessors(), heap,
        fileCount, children.size(), String.join("; ", loads), spread(walls, "%.1f"), events / medianWall,
        children.stream().mapToLong(ChildRun::peakRssMiB).max().orElse(0),
        children.stream().mapToLong(ChildRun::peakHeapMiB).max().orElse(-1) < 0 ? "?"
            : Long.toString(children.stream().mapToLong(ChildRun::peakHeapMiB).max().getAsLong()),
        spread(refs, "%.1f"), spread(ratios, "%.1fx"), verdict,
        String.join("; ", Stream.of(failedExit == 0 ? "" : "FAILED exit " + failedExit, archiveNote(children),
                smallMachineSettings ? ChildRun.SMALL_MACHINE_NOTE : "", note)
            .filter(n -> !n.isEmpty()).toList()));
    if (!Files.exists(record)) {
      Files.createDirectories(record.toAbsolutePath().getParent());
      Files.writeString(record, "# Benchmarks\n\n" + TABLE_HEADER);
    }
    Files.writeString(record, row, StandardOpenOption.APPEND);
    System.out.print("bench: appended to " + record + ":\n" + row);
  }

  static final String TABLE_HEADER =
      "| date | events | input | runner | cores | heap cap | files | runs | load average before each run (1, 5, 15 min)"
          + " | wall (s) min / median / max | events/s (median) | peak RSS (MiB, max) | peak heap (MiB, max)"
          + " | reference (s) | privflow/reference | zero-noise answer = reference | note |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";

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

  /** Whether a release JVM was started with the class-data archive, and whether it could map it. */
  enum ArchiveUse { NONE, USED, REFUSED }

  /** The row's note on the class-data archive: a run takes about 2 s less with it (docs/benchmarks.md). */
  static String archiveNote(List<ChildRun> children) {
    if (children.stream().anyMatch(c -> c.archive() == ArchiveUse.REFUSED)) {
      return "class-data archive refused by the JVM in some runs";
    }
    return children.stream().anyMatch(c -> c.archive() == ArchiveUse.USED) ? "class-data archive" : "";
  }

  /** The release in a child JVM, with its wall time, peak RSS (from /proc) and reported peak heap. */
  record ChildRun(int exitCode, double seconds, long peakRssMiB, long peakHeapMiB, ArchiveUse archive) {
    ChildRun(int exitCode, double seconds, long peakRssMiB, long peakHeapMiB) {
      this(exitCode, seconds, peakRssMiB, peakHeapMiB, ArchiveUse.NONE);
    }

    ChildRun withArchive(ArchiveUse use) {
      return new ChildRun(exitCode, seconds, peakRssMiB, peakHeapMiB, use);
    }

    /** The release jar (privflow.jar, on the tools jar's class path), or a classes directory in tests. */
    static Path releaseJar() throws Exception {
      return Path.of(io.privflow.cli.Privflow.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** The pipelines test-jar next to privflow.jar, or null. */
    static Path testJar() throws Exception {
      Path jar = releaseJar();
      if (!jar.toString().endsWith(".jar")) {
        return null;
      }
      try (Stream<Path> s = Files.list(jar.getParent())) {
        return s.filter(p -> p.getFileName().toString().matches("privflow-pipelines-.*-tests\\.jar")).findFirst()
            .orElse(null);
      }
    }

    /** privflow.jsa beside privflow.jar (the build makes it; see pipelines/pom.xml), or null. */
    static Path classDataArchive() throws Exception {
      Path jar = releaseJar();
      Path jsa = jar.resolveSibling("privflow.jsa");
      return jar.toString().endsWith(".jar") && Files.isRegularFile(jsa) ? jsa : null;
    }

    /**
     * The README's JVM settings for machines of few cores ("A machine of few cores: collector and
     * compiler"): the parallel collector, and the optimising compiler (C2) only for code that runs
     * 50 times as often as the JVM's defaults ask, so that on 2 cores it competes less with the
     * pipeline's threads (docs/benchmarks.md, issue 13, third pass).
     */
    static final List<String> SMALL_MACHINE = List.of("-XX:+UseParallelGC", "-XX:Tier4InvocationThreshold=250000",
        "-XX:Tier4MinInvocationThreshold=30000", "-XX:Tier4CompileThreshold=750000", "-XX:Tier4BackEdgeThreshold=2000000");

    static final String SMALL_MACHINE_NOTE = "parallel GC, C2 thresholds x50 (README)";

    static ChildRun release(Path run, String heap, String runner, Path jfr) throws Exception {
      return release(run, heap, runner, jfr, false, false);
    }

    static ChildRun release(Path run, String heap, String runner, Path jfr, boolean archive, boolean smallMachine)
        throws Exception {
      Path jar = releaseJar();
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-Dprivflow.reportPeakHeap=true"));
      if (smallMachine) {
        cmd.addAll(SMALL_MACHINE);
      }
      Path jsa = archive ? classDataArchive() : null;
      if (jsa != null) {
        cmd.add("-XX:SharedArchiveFile=" + jsa);
      }
      if (jfr != null) {
        cmd.add("-XX:StartFlightRecording=filename=" + jfr.toAbsolutePath() + ",settings=profile,dumponexit=true");
      }
      if (jar.toString().endsWith(".jar")) {
        cmd.addAll(List.of("-jar", jar.toString())); // the manifest carries the JVM opens Spark needs
      } else {
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.privflow.cli.Privflow"));
      }
      cmd.addAll(List.of("release", "--policy", run.resolve("policy.yaml").toString(),
          "--request", run.resolve("request.yaml").toString(), "--runner", runner));
      ChildRun child = start(cmd, run.resolve("release.log"));
      if (jsa == null) {
        return child;
      }
      // The JVM says so when it cannot map the archive (another JDK build, a rebuilt jar), and runs on without it.
      boolean used = Files.readAllLines(run.resolve("release.log"), StandardCharsets.UTF_8).stream()
          .noneMatch(l -> l.contains("Unable to use shared archive") || l.contains("shared archive file"));
      if (!used) {
        System.out.println("bench: the release JVM could not use " + jsa + "; see " + run.resolve("release.log"));
      }
      return child.withArchive(used ? ArchiveUse.USED : ArchiveUse.REFUSED);
    }

    /** The zero-noise release: the test-jar's main, with the opens the release jar's manifest lists. */
    static ChildRun zeroNoise(Path run, String heap, String runner, Path testJar) throws Exception {
      Path jar = releaseJar();
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap));
      try (JarFile j = new JarFile(jar.toFile())) {
        Attributes a = j.getManifest().getMainAttributes();
        for (String kind : new String[] {"Add-Opens", "Add-Exports"}) {
          String v = a.getValue(kind);
          if (v != null) {
            for (String pkg : v.trim().split("\\s+")) {
              cmd.add("--" + kind.toLowerCase(Locale.ROOT) + "=" + pkg + "=ALL-UNNAMED");
            }
          }
        }
      }
      cmd.addAll(List.of("-cp", jar + File.pathSeparator + testJar, "io.privflow.testing.ZeroNoiseRelease",
          run.resolve("policy.yaml").toString(), run.resolve("request.yaml").toString(), runner,
          Integer.toString(Runtime.getRuntime().availableProcessors())));
      return start(cmd, run.resolve("release.log"));
    }

    private static ChildRun start(List<String> cmd, Path log) throws Exception {
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
