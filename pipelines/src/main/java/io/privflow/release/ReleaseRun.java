package io.privflow.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.privflow.engine.IngestProgress;
import io.privflow.engine.Reconciliation;
import io.privflow.engine.RunCounters;
import io.privflow.files.Digests;
import io.privflow.files.FileTrees;
import io.privflow.ingest.InputCheck;
import io.privflow.ingest.InputKind;
import io.privflow.plan.BudgetCharge;
import io.privflow.plan.Metric;
import io.privflow.plan.NoiseCalibration;
import io.privflow.plan.ReleasePlan;
import io.privflow.plan.ReleasePlanner;
import io.privflow.policy.Policy;
import io.privflow.policy.PolicyCheck;
import io.privflow.privacy.Decimals;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.privacy.ledger.LedgerEntry;
import io.privflow.pseudonymize.Pseudonymizer;
import io.privflow.publish.CommittedReleases;
import io.privflow.publish.PublishRelease;
import io.privflow.publish.ReleaseFailedException;
import io.privflow.rejects.Source;
import io.privflow.report.ReportInputs;
import io.privflow.request.ReleaseRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private final Clock clock;
  private final Policy policy;

  /**
   * @param clock the release date (retention rules), the creation time in the release and the
   *     ledger's timestamps all come from it
   * @param policy the custodian's policy: budgets, rules, keys and custodian-only locations
   */
  public ReleaseRun(PrintStream out, Clock clock, Policy policy) {
    this.out = out;
    this.clock = clock;
    this.policy = policy;
  }

  public ReleaseRun(PrintStream out, Policy policy) {
    this(out, Clock.systemUTC(), policy);
  }

  /** What a finished run reports to the operator (exact figures: custodian-only). */
  public record Outcome(ReleasePlan plan, RunCounters counters, Map<Metric, Long> releasedCells, boolean rerun) {}

  /** The production plan: noise calibrated to each metric's part of the guarantee and its bound. */
  public ReleasePlan plan(ReleaseRequest request) {
    return plan(request, NoiseCalibration.exact());
  }

  /** A plan with another calibration; tests pass a zero-noise one from the test tree. */
  public ReleasePlan plan(ReleaseRequest request, NoiseCalibration calibration) {
    return new ReleasePlanner(w -> out.println("privflow: warning: " + w), calibration).plan(request, policy);
  }

  /**
   * Runs the release under the policy's budget ledger. A request id that is already committed is
   * not run again: its committed release is returned and nothing is spent.
   */
  public Outcome execute(ReleasePlan plan, PipelineOptions options) throws IOException {
    ReleaseRequest r = plan.request();
    // Every rule of the custodian's policy, before the ledger, the key or any input is touched.
    PolicyCheck.check(r, policy, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), plan.domainSize());
    BudgetCharge charge = BudgetCharge.of(r, policy);
    BudgetLedger ledger = BudgetLedger.open(policy.jdbcUrl());
    CommittedReleases copies = new CommittedReleases(policy.releaseCopies());
    String requestSha = Digests.sha256(r.requestFile());
    Optional<LedgerEntry> existing = ledger.find(r.requestId());
    if (existing.isPresent()) {
      Outcome rerun = rerun(plan, existing.get(), requestSha, ledger, copies);
      if (rerun != null) {
        return rerun;
      }
    }
    if (Files.exists(r.outputDirectory())) {
      throw new ReleaseFailedException("output.directory " + r.outputDirectory()
          + " exists already and belongs to no committed release of this request; a release is never overwritten");
    }
    if (plan.keyFile() == null) {
      throw new ReleaseFailedException("the custodian policy " + policy.file().getFileName() + " names no"
          + " pseudonymization_key_file; a run that reads data needs the custodian's key");
    }
    Pseudonymizer.fromKeyFile(plan.keyFile()); // a bad or exposed key fails before any data is read
    Map<String, List<Path>> inputFiles = Map.of(
        Source.NETWORK_EVENTS.label(), InputCheck.check(InputKind.NETWORK_EVENTS, r.inputs().networkEvents()),
        Source.GPS_EVENTS.label(), InputCheck.check(InputKind.GPS_EVENTS, r.inputs().gpsEvents()),
        Source.CELLS.label(), InputCheck.check(InputKind.CELLS, r.inputs().cells()));

    cleanStaleWork(r.outputDirectory());
    try {
      Files.createDirectories(plan.workDirectory());
    } catch (IOException e) {
      throw new ReleaseFailedException("cannot write beside the release location " + r.outputDirectory()
          + " (" + e.getClass().getSimpleName() + "); nothing was read or spent");
    }
    try {
      ledger.reserve(entry(plan, charge, requestSha), charge.totalDecimal());
    } catch (RuntimeException e) {
      FileTrees.delete(plan.workDirectory());
      throw e;
    }
    out.printf("privflow: reserved %s %s of dataset %s in period(s) %s%n", charge.budget().accounting().unit(),
        Decimals.plain(charge.costDecimal()), r.dataset(), String.join(", ", charge.periods()));
    boolean committed = false;
    try {
      FileTrees.delete(plan.rejectedDirectory());
      out.printf("privflow: release %s: %d regions x %d windows of %s (%s); metrics %s; %,d cells in the domain%n",
          r.requestId(), plan.regions().size(), plan.windows().count(), r.time().windowText(),
          r.time().zone().getId(), plan.metrics().stream().map(m -> m.metric().label()).toList(), plan.domainSize());
      Pipeline p = Pipeline.create(options);
      ReleasePipeline.build(p, plan);
      RunCounters counters = runWithProgress(p, plan.talliesDirectory());
      Reconciliation.check(counters, charge.budget().rules().rejectRateLimit(), out);
      PublishRelease.Staged staged = PublishRelease.stage(plan, clock.instant(), new ReportInputs(
          policy, charge, ledger.balances(r.dataset()), counters, requestSha, inputFiles));
      copies.keep(r.requestId(), plan.stagingDirectory());
      // Commit before the rename: a release may be visible only once its spend is on record.
      ledger.commit(r.requestId(), r.outputDirectory().toString(), staged.manifestSha256());
      committed = true;
      PublishRelease.moveIntoPlace(plan.stagingDirectory(), r.outputDirectory());
      writeRunSummary(plan, counters, staged.released());
      return new Outcome(plan, counters, staged.released(), false);
    } finally {
      if (!committed) {
        ledger.cancel(r.requestId());
        out.println("privflow: the run failed; its budget reservation was given back and nothing was published");
      }
      FileTrees.delete(plan.workDirectory());
    }
  }

  /** The committed release of a re-run request, or null when a dead run's reservation was reclaimed. */
  private Outcome rerun(ReleasePlan plan, LedgerEntry e, String requestSha, BudgetLedger ledger,
      CommittedReleases copies) throws IOException {
    ReleaseRequest r = plan.request();
    if (e.status() == LedgerEntry.Status.RESERVED) {
      if (!Owner.isDeadLocalProcess(e.owner())) {
        throw new ReleaseFailedException("request " + r.requestId() + " is being run by " + e.owner()
            + " (reserved at " + e.reservedAt() + "); wait for it to finish");
      }
      ledger.cancel(r.requestId());
      out.printf("privflow: reclaimed the reservation of a run that died (%s)%n", e.owner());
      return null;
    }
    if (!e.requestSha256().equals(requestSha)) {
      throw new ReleaseFailedException("request id " + r.requestId() + " was already released from a different"
          + " request file (committed " + e.committedAt() + "); a new question needs a new request id");
    }
    List<String> problems = copies.restore(r.requestId(), r.outputDirectory());
    if (!problems.isEmpty()) {
      throw new ReleaseFailedException("the release at " + r.outputDirectory() + " differs from the committed one: "
          + String.join("; ", problems));
    }
    out.printf("privflow: request %s was committed on %s; returning that release unchanged (nothing spent)%n",
        r.requestId(), e.committedAt());
    return new Outcome(plan, new RunCounters(Map.of()), Map.of(), true);
  }

  private LedgerEntry entry(ReleasePlan plan, BudgetCharge charge, String requestSha) {
    ReleaseRequest r = plan.request();
    return new LedgerEntry(r.requestId(), requestSha, r.dataset(), charge.periods(), LedgerEntry.Status.RESERVED,
        charge.costDecimal(), charge.budget().accounting(), r.privacy().guarantee().describe(),
        String.join("+", plan.metrics().stream().map(m -> m.metric().label()).toList()),
        r.requester().who(), r.requester().purpose(), clock.instant().toString(), null, null, null, Owner.current());
  }

  private RunCounters runWithProgress(Pipeline p, Path tallies) throws IOException {
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
      return RunCounters.of(result, tallies);
    } finally {
      progress.interrupt();
    }
  }

  private void writeRunSummary(ReleasePlan plan, RunCounters c, Map<Metric, Long> released) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("request_id", plan.request().requestId());
    m.put("note", "custodian-only: exact figures about the raw data; never part of a release");
    m.put("release_directory", plan.request().outputDirectory().toString());
    m.put("cells_released", released);
    m.put("counters", c.values());
    Files.createDirectories(plan.custodianDirectory());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(plan.custodianDirectory().resolve("run-summary.json").toFile(), m);
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
        FileTrees.delete(p);
      }
    }
  }

}
