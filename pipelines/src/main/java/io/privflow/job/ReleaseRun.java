package io.privflow.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.privflow.ingest.IngestProgress;
import io.privflow.ingest.InputKind;
import io.privflow.locate.WindowScheme;
import io.privflow.privacy.CountReleaser;
import io.privflow.bounding.ContributionBounder;
import io.privflow.privacy.CellDomain;
import io.privflow.privacy.PresenceDomain;
import io.privflow.privacy.Rational;
import io.privflow.privacy.NoiseMechanism;
import io.privflow.privacy.OdDomain;
import io.privflow.pseudonymize.Pseudonymizer;
import io.privflow.regions.GeoJsonRegions;
import io.privflow.regions.RegionSet;
import io.privflow.rejects.Source;
import io.privflow.release.PublishRelease;
import io.privflow.release.ReleaseFailedException;
import io.privflow.request.ReleaseRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * One release from request to published directory. Every check that needs no data runs before the
 * pipeline starts; the release is published only after the pipeline succeeded and every input's
 * records reconcile. Any failure leaves nothing in the release location.
 */
public final class ReleaseRun {
  private final PrintStream out;

  public ReleaseRun(PrintStream out) {
    this.out = out;
  }

  /** What a finished run reports to the operator (exact figures: custodian-only). */
  public record Outcome(ReleasePlan plan, RunCounters counters, Map<Metric, Long> releasedCells) {}

  /** The production plan: noise calibrated to each metric's budget share and bound. */
  public ReleasePlan plan(ReleaseRequest request) {
    return plan(request, MechanismFactory.calibrated());
  }

  /** A plan with given mechanisms; tests pass a zero-noise factory from the test tree. */
  public ReleasePlan plan(ReleaseRequest request, MechanismFactory mechanisms) {
    ReleaseRequest.Regions rs = request.regions();
    RegionSet regions = GeoJsonRegions.load(rs.file(), rs.idProperty(), rs.nameProperty(),
        w -> out.println("privflow: warning: " + w));
    ReleaseRequest.Time t = request.time();
    WindowScheme windows;
    try {
      windows = WindowScheme.of(t.start(), t.end(), t.zone(), t.window());
    } catch (IllegalArgumentException e) {
      throw new ReleaseFailedException("time: " + e.getMessage());
    }
    ReleaseRequest.Privacy privacy = request.privacy();
    List<MetricPlan> metrics = new ArrayList<>();
    ReleaseRequest.Od od = request.metrics().od();
    if (od != null) {
      if (windows.count() < 2) {
        throw new ReleaseFailedException("metrics.od: an origin-destination release needs at least two windows;"
            + " the time range holds " + windows.count());
      }
      OdDomain domain = new OdDomain(windows.count() - 1, regions.size());
      metrics.add(metric(Metric.OD, domain, ContributionBounder.transitions(domain, od.maxTransitionsPerDevice()),
          privacy, od.share(), mechanisms));
    }
    ReleaseRequest.Presence presence = request.metrics().presence();
    if (presence != null) {
      PresenceDomain domain = new PresenceDomain(windows.count(), regions.size());
      metrics.add(metric(Metric.PRESENCE, domain, ContributionBounder.presence(domain, presence.maxWindowsPerDevice()),
          privacy, presence.share(), mechanisms));
    }
    Path target = request.outputDirectory();
    Path work = target.resolveSibling(".privflow-work-" + target.getFileName() + "-" + UUID.randomUUID());
    return new ReleasePlan(request, regions, windows, metrics, work);
  }

  private static MetricPlan metric(Metric metric, CellDomain domain, ContributionBounder bounder,
      ReleaseRequest.Privacy privacy, Rational share, MechanismFactory mechanisms) {
    Rational budget = privacy.budgetFor(share);
    NoiseMechanism mechanism = mechanisms.create(privacy.mechanism(), budget, bounder.max());
    return new MetricPlan(metric, domain, bounder, budget, new CountReleaser(mechanism, privacy.minCount()));
  }

  public Outcome execute(ReleasePlan plan, PipelineOptions options) throws IOException {
    ReleaseRequest r = plan.request();
    Pseudonymizer.fromKeyFile(r.keyFile()); // a short or unreadable key fails before any data is read
    InputCheck.check(InputKind.NETWORK_EVENTS, r.inputs().networkEvents());
    InputCheck.check(InputKind.GPS_EVENTS, r.inputs().gpsEvents());
    InputCheck.check(InputKind.CELLS, r.inputs().cells());
    cleanStaleWork(r.outputDirectory());
    deleteTree(plan.rejectedDirectory());
    Files.createDirectories(plan.workDirectory());
    try {
      out.printf("privflow: release %s: %d regions x %d windows of %s (%s); metrics %s; %,d cells in the domain%n",
          r.requestId(), plan.regions().size(), plan.windows().count(), r.time().windowText(),
          r.time().zone().getId(), plan.metrics().stream().map(m -> m.metric().label()).toList(), plan.domainSize());
      Pipeline p = Pipeline.create(options);
      ReleasePipeline.build(p, plan);
      RunCounters counters = runWithProgress(p);
      reconcile(counters);
      Map<Metric, Long> released = PublishRelease.publish(plan, Instant.now());
      writeRunSummary(plan, counters, released);
      return new Outcome(plan, counters, released);
    } finally {
      deleteTree(plan.workDirectory());
    }
  }

  private RunCounters runWithProgress(Pipeline p) {
    Instant started = Instant.now();
    long readBefore = IngestProgress.recordsRead();
    Thread progress = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(10_000);
          long secs = Duration.between(started, Instant.now()).toSeconds();
          out.printf("privflow: running for %d s, %,d records read%n", secs, IngestProgress.recordsRead() - readBefore);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "privflow-progress");
    progress.setDaemon(true);
    progress.start();
    try {
      PipelineResult result = p.run();
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new ReleaseFailedException("the pipeline ended in state " + state + "; nothing was published");
      }
      out.printf("privflow: pipeline finished in %d s%n", Duration.between(started, Instant.now()).toSeconds());
      return RunCounters.of(result);
    } finally {
      progress.interrupt();
    }
  }

  /** Fails closed when any input's records do not add up. */
  private void reconcile(RunCounters c) {
    List<String> bad = new ArrayList<>();
    for (Source s : Source.values()) {
      out.printf("privflow: %-15s read %,d = accepted %,d + rejected %,d + outside time range %,d%s%n",
          s.label(), c.read(s), c.accepted(s), c.rejectedTotal(s), c.filtered(s),
          c.rejected(s).isEmpty() ? "" : "  " + c.rejected(s));
      if (!c.reconciles(s)) {
        bad.add(s.label());
      }
    }
    if (!bad.isEmpty()) {
      throw new ReleaseFailedException("record counts do not reconcile for " + String.join(", ", bad)
          + " (read != accepted + rejected + filtered); nothing was published");
    }
  }

  private void writeRunSummary(ReleasePlan plan, RunCounters c, Map<Metric, Long> released) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("request_id", plan.request().requestId());
    m.put("note", "custodian-only: exact figures about the raw data; never part of a release");
    m.put("release_directory", plan.request().outputDirectory().toString());
    m.put("cells_released", released);
    m.put("counters", c.values());
    Files.createDirectories(plan.request().custodianDirectory());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(plan.request().custodianDirectory().resolve("run-summary.json").toFile(), m);
  }

  /** Work directories of runs that were killed before they could clean up. */
  private static void cleanStaleWork(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return;
    }
    String prefix = ".privflow-work-" + target.getFileName() + "-";
    try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path p : s) {
        deleteTree(p);
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
