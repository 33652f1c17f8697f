package io.privflow.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.engine.RunCounters;
import io.privflow.engine.RunnerChoice;
import io.privflow.policy.Policy;
import io.privflow.policy.PolicyParser;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.rejects.Source;
import io.privflow.release.ReleaseRun;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import io.privflow.testing.ZeroNoise;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.FileStagingOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * TEST ONLY: releases through the test API (zero noise, so cluster and embedded runs can be
 * compared cell for cell) on the tiny fixture or on a copy of the sample data, and what a run left.
 */
final class ClusterRelease {
  final Path dir;
  final Policy policy;
  final ReleaseRequest request;
  final ByteArrayOutputStream console = new ByteArrayOutputStream();

  private ClusterRelease(Path dir, Policy policy, ReleaseRequest request) {
    this.dir = dir;
    this.policy = policy;
    this.request = request;
  }

  /** The tiny fixture with OD and presence, k = 0, so every domain cell is published. */
  static ClusterRelease tiny(Path dir, String id) throws IOException {
    Files.createDirectories(dir);
    RequestYaml yaml = RequestYaml.tiny().requestId(id).minCount(0).odShare("0.5").presence(4, "0.5");
    return new ClusterRelease(dir, Fixtures.policy(dir), RequestParser.parse(yaml.write(dir)));
  }

  /**
   * A copy of sample-data/ (55,686 records) with its policy and daily OD request, the key at the
   * policy's path ({@code target/demo.key} beside the copy).
   */
  static ClusterRelease sample(Path dir) throws IOException {
    Path data = Files.createDirectories(dir.resolve("sample-data/requests"));
    Path from = Fixtures.projectRoot().resolve("sample-data");
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, data.getParent().resolve(f.getFileName()));
      }
    }
    Files.copy(from.resolve("requests/daily-od.yaml"), data.resolve("daily-od.yaml"));
    Path target = Files.createDirectories(dir.resolve("target"));
    Files.move(Fixtures.key(target), target.resolve("demo.key"));
    return new ClusterRelease(dir, PolicyParser.parse(data.getParent().resolve("policy.yaml")),
        RequestParser.parse(data.resolve("daily-od.yaml")));
  }

  /** The runner's options, shipping privflow.jar and the test classes (the zero-noise mechanism). */
  static PipelineOptions options(RunnerChoice runner, String master) {
    PipelineOptions o = runner.options(2, master);
    if (master != null) {
      o.as(FileStagingOptions.class).setFilesToStage(List.of(Clusters.privflowJar().toString(),
          Clusters.testClasses().toString()));
    }
    return o;
  }

  ReleaseRun.Outcome run(PipelineOptions options, Consumer<ReleaseRun.Phase> phases) throws IOException {
    ReleaseRun run = new ReleaseRun(new PrintStream(console, true), policy).withPhases(phases);
    return run.execute(run.plan(request, ZeroNoise.factory()), options);
  }

  ReleaseRun.Outcome run(PipelineOptions options) throws IOException {
    return run(options, p -> { });
  }

  /** The published tables and every reconciliation figure of a run. */
  record Answer(String od, String presence, Map<String, Long> counts) {}

  Answer answer(ReleaseRun.Outcome o) throws IOException {
    Path out = request.outputDirectory();
    Path presence = out.resolve("presence_counts.csv");
    return new Answer(Files.readString(out.resolve("od_counts.csv")),
        Files.exists(presence) ? Files.readString(presence) : null, counts(o.counters()));
  }

  static Map<String, Long> counts(RunCounters c) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Source s : Source.values()) {
      counts.put("read." + s.label(), c.read(s));
      counts.put("accepted." + s.label(), c.accepted(s));
      counts.put("filtered." + s.label(), c.filtered(s));
      counts.put("outside_regions." + s.label(), c.outsideRegions(s));
      c.rejected(s).forEach((reason, n) -> counts.put("rejected." + s.label() + "." + reason, n));
    }
    return counts;
  }

  static long totalRead(RunCounters c) {
    return Stream.of(Source.values()).mapToLong(c::read).sum();
  }

  /** The records read that the progress line's last figure gave: the runner's own count. */
  long runnerCountOfRecordsRead() {
    Matcher m = Pattern.compile("pipeline finished in \\d+ s, ([0-9,]+) records read \\(the runner's count\\)")
        .matcher(console.toString());
    assertTrue(m.find(), console.toString());
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  /** A failed run left nothing: no release, no work directory, its reservation given back. */
  void assertFailedClosed() throws IOException {
    Path out = request.outputDirectory();
    assertFalse(Files.exists(out), "nothing published at " + out);
    try (Stream<Path> s = Files.list(out.getParent())) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".privflow-work")).toList());
    }
    assertTrue(BudgetLedger.open(policy).find(request.requestId()).isEmpty(), "the reservation was given back");
    assertTrue(console.toString().contains("its budget reservation was given back and nothing was published"),
        console.toString());
  }
}
