package io.privflow.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.privflow.engine.IngestProgress;
import io.privflow.engine.Reconciliation;
import io.privflow.engine.RunCounters;
import io.privflow.files.Digests;
import io.privflow.files.FileTrees;
import io.privflow.files.InputSnapshot;
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
import io.privflow.publish.OutputLocation;
import io.privflow.publish.PublishRelease;
import io.privflow.publish.ReleaseFailedException;
import io.privflow.rejects.Source;
import io.privflow.report.ReportInputs;
import io.privflow.request.Inputs;
import io.privflow.request.ReleaseRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * One release from request to published directory. Every check that needs no data runs before the
 * budget is reserved; the release is published only after the pipeline succeeded, its inputs did
 * not change under it and every input's records reconcile. Any failure leaves nothing in the
 * release location.
 *
 * <p>The noise of a request is drawn once. The ledger knows when a run may have drawn it (it is
 * marked RUNNING before its pipeline starts). A run that fails while privflow is in control deletes
 * its owner-only work directory, so its noisy values are destroyed unread, and gives its budget
 * back. A run that is killed cannot: its work directory may outlive it, so the next run charges
 * its reservation (ABANDONED) and its request id is spent; fresh noise needs a new request id.
 */
public final class ReleaseRun {
  /** The steps of a run, in order; each is reported to the phase listener as it is reached. */
  public enum Phase {
    /** Budget reserved; no data read yet. */
    RESERVED,
    /** Marked RUNNING in the ledger; the pipeline is about to start (noise may be drawn from here). */
    RUNNING,
    /** The pipeline finished: noisy cells are in the owner-only work directory. */
    NOISE_DRAWN,
    /** The release files, report and manifest are staged in the work directory. */
    STAGED,
    /** The custodian's copy of the release is in the state directory. */
    COPY_KEPT,
    /** The spend is committed in the ledger; the release is not yet visible. */
    COMMITTED,
    /** The release directory was renamed into place. */
    PUBLISHED
  }

  private final PrintStream out;
  private final Clock clock;
  private final Policy policy;
  private Consumer<Phase> phases = p -> {};
  private Predicate<Path> destroyWork = WorkDirectory::destroy;

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

  /** Reports each {@link Phase} as the run reaches it (tests kill a run at every one of them). */
  public ReleaseRun withPhases(Consumer<Phase> listener) {
    this.phases = listener;
    return this;
  }

  /**
   * TEST ONLY (package-private: no command reaches it): how the work directory is destroyed, so a
   * test can make it impossible, as a worker still writing or a file system gone read-only can.
   */
  ReleaseRun withWorkDestroyer(Predicate<Path> destroyer) {
    this.destroyWork = destroyer;
    return this;
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
    Instant started = clock.instant();
    // Every rule of the custodian's policy, before the ledger, the key or any input is touched.
    PolicyCheck.check(r, policy, LocalDate.ofInstant(started, ZoneOffset.UTC), plan.figures());
    BudgetCharge charge = BudgetCharge.of(r, policy);
    BudgetLedger ledger = BudgetLedger.open(policy);
    settleDeadRuns(ledger, r.outputDirectory());
    CommittedReleases copies = new CommittedReleases(policy.releaseCopies());
    String requestSha = Digests.sha256(r.requestFile());
    Optional<LedgerEntry> existing = ledger.find(r.requestId());
    if (existing.isPresent()) {
      return rerun(plan, existing.get(), requestSha, copies);
    }
    OutputLocation.check(r.outputDirectory(), "output.directory", policy);
    if (plan.keyFile() == null) {
      throw new ReleaseFailedException("the custodian policy " + policy.file().getFileName() + " names no"
          + " pseudonymization_key_file; a run that reads data needs the custodian's key");
    }
    Pseudonymizer.fromKeyFile(plan.keyFile()); // a bad or exposed key fails before any data is read
    InputSnapshot inputs = pinInputs(r.inputs());

    Path work;
    try {
      work = WorkDirectory.create(r.outputDirectory());
    } catch (IOException e) {
      throw new ReleaseFailedException("cannot write beside the release location " + r.outputDirectory()
          + " (" + e.getClass().getSimpleName() + "); nothing was read or spent");
    }
    ReleasePlan run = plan.withWorkDirectory(work);
    try {
      ledger.reserve(entry(run, charge, requestSha, started), charge.totalDecimal(), charge.deltaTotalDecimal());
    } catch (RuntimeException e) {
      FileTrees.delete(work);
      throw e;
    }
    phases.accept(Phase.RESERVED);
    out.printf("privflow: reserved %s %s of dataset %s in period(s) %s%n", charge.budget().accounting().unit(),
        Decimals.plain(charge.costDecimal()), r.dataset(), String.join(", ", charge.periods()));
    boolean committed = false;
    try {
      FileTrees.delete(run.rejectedDirectory());
      out.printf("privflow: release %s: %d regions x %d windows of %s (%s); metrics %s; %,d cells in the domain%n",
          r.requestId(), run.regions().size(), run.windows().count(), r.time().windowText(),
          r.time().zone().getId(), run.metrics().stream().map(m -> m.label()).toList(), run.domainSize());
      ledger.markRunning(r.requestId());
      phases.accept(Phase.RUNNING);
      Pipeline p = Pipeline.create(options);
      ReleasePipeline.build(p, run, pinned(inputs));
      RunCounters counters = runWithProgress(p, run.talliesDirectory());
      phases.accept(Phase.NOISE_DRAWN);
      List<String> changed = inputs.changed();
      if (!changed.isEmpty()) {
        throw new ReleaseFailedException("input file(s) changed while the run read them (size, time or identity): "
            + String.join(", ", changed) + "; nothing was published");
      }
      Reconciliation.check(counters, charge.budget().rules().rejectRateLimit(), out);
      List<ReportInputs.InputDigest> digests = digests(inputs);
      PublishRelease.Staged staged = PublishRelease.stage(run, started, new ReportInputs(policy, charge,
          ledger.balances(r.dataset()), counters, requestSha, digests, ledger.seal(lineage(digests))));
      phases.accept(Phase.STAGED);
      copies.keep(r.requestId(), run.stagingDirectory());
      phases.accept(Phase.COPY_KEPT);
      // Commit before the rename: a release may be visible only once its spend is on record.
      ledger.commit(r.requestId(), r.outputDirectory().toString(), staged.manifestSha256(), clock.instant());
      committed = true;
      phases.accept(Phase.COMMITTED);
      PublishRelease.moveIntoPlace(run.stagingDirectory(), r.outputDirectory());
      phases.accept(Phase.PUBLISHED);
      writeRunSummary(run, counters, staged.released());
      return new Outcome(run, counters, staged.released(), false);
    } finally {
      // The noisy values never leave the owner-only work directory; deleting it destroys them unread.
      boolean destroyed = destroyWork.test(work);
      if (!destroyed) {
        out.println("privflow: the work directory " + work + " could not be removed (a worker may still be"
            + " writing); its noisy values stay owner-only and the next run removes it once this process has ended");
      }
      if (!committed && !destroyed) {
        // Noisy values may outlive the run: like a killed run, its reservation stays and is charged.
        out.println("privflow: the run failed; nothing was published; its reservation stays and is charged once this"
            + " process has ended, because its noisy values could not be destroyed");
      } else if (!committed) {
        try {
          ledger.cancel(r.requestId(), "the run failed; its noisy values were destroyed unread");
          out.println("privflow: the run failed; its budget reservation was given back and nothing was published");
        } catch (RuntimeException e) {
          // The ledger cannot be reached: the entry stays, and the next run charges it once this process is gone.
          out.println("privflow: the run failed and its reservation could not be given back (" + e.getMessage()
              + "); nothing was published; the next run settles the reservation");
        }
      }
    }
  }

  /**
   * Settles the ledger entries of runs that died on this host (charged if they may have drawn
   * noise) and removes their work directories, and the work directories of runs killed before
   * they reserved anything.
   */
  private void settleDeadRuns(BudgetLedger ledger, Path target) throws IOException {
    for (LedgerEntry e : ledger.reclaim(Owner::isDeadLocalProcess)) {
      out.printf("privflow: the run of request %s (%s) died; %s%n", e.requestId(), e.owner(),
          e.status() == LedgerEntry.Status.ABANDONED
              ? "it may have drawn noise, so its reservation is charged and its request id is spent"
              : "it had read no data, so its reservation was given back");
      if (e.workDirectory() != null) {
        FileTrees.delete(Path.of(e.workDirectory()));
      }
    }
    WorkDirectory.removeDead(target);
  }

  /** The release of a request id already in the ledger, or the reason it cannot run again. */
  private Outcome rerun(ReleasePlan plan, LedgerEntry e, String requestSha, CommittedReleases copies)
      throws IOException {
    ReleaseRequest r = plan.request();
    switch (e.status()) {
      case RESERVED, RUNNING -> throw new ReleaseFailedException("request " + r.requestId() + " is being run by "
          + e.owner() + " (reserved at " + e.reservedAt() + "); wait for it to finish");
      case ABANDONED -> throw new ReleaseFailedException("request " + r.requestId() + " was charged when its run"
          + " died after it may have drawn noise; its noise is never drawn again: a new release needs a new"
          + " request id (and costs budget)");
      default -> { }
    }
    if (!e.requestSha256().equals(requestSha)) {
      throw new ReleaseFailedException("request id " + r.requestId() + " was already released from a different"
          + " request file (committed " + e.committedAt() + "); a new question needs a new request id");
    }
    List<String> problems = copies.restore(r.requestId(), r.outputDirectory(), e.manifestSha256());
    if (!problems.isEmpty()) {
      throw new ReleaseFailedException("the release at " + r.outputDirectory() + " is not the committed release of"
          + " request " + r.requestId() + ": " + String.join("; ", problems));
    }
    out.printf("privflow: request %s was committed on %s; returning that release unchanged (nothing spent)%n",
        r.requestId(), e.committedAt());
    return new Outcome(plan, new RunCounters(Map.of()), Map.of(), true);
  }

  /** Expands every input once, checks each file, and pins the list the pipeline will read. */
  private static InputSnapshot pinInputs(Inputs in) throws IOException {
    List<InputSnapshot.Entry> files = new ArrayList<>();
    files.addAll(InputSnapshot.pin(Source.NETWORK_EVENTS.label(),
        InputCheck.check(InputKind.NETWORK_EVENTS, in.networkEvents())));
    files.addAll(InputSnapshot.pin(Source.GPS_EVENTS.label(), InputCheck.check(InputKind.GPS_EVENTS, in.gpsEvents())));
    files.addAll(InputSnapshot.pin(Source.CELLS.label(), InputCheck.check(InputKind.CELLS, in.cells())));
    return new InputSnapshot(files);
  }

  private static Inputs pinned(InputSnapshot s) {
    return new Inputs(s.paths(Source.NETWORK_EVENTS.label()), s.paths(Source.GPS_EVENTS.label()),
        s.paths(Source.CELLS.label()));
  }

  private static List<ReportInputs.InputDigest> digests(InputSnapshot s) throws IOException {
    List<ReportInputs.InputDigest> out = new ArrayList<>();
    for (InputSnapshot.Entry e : s.files()) {
      out.add(new ReportInputs.InputDigest(e.kind(), e.file().getFileName().toString(), Digests.sha256(e.file())));
    }
    return out;
  }

  /** The text the public report's seal is computed over: one line per input. */
  private static String lineage(List<ReportInputs.InputDigest> digests) {
    StringBuilder b = new StringBuilder();
    digests.forEach(d -> b.append(d.kind()).append(' ').append(d.sha256()).append(' ').append(d.name()).append('\n'));
    return b.toString();
  }

  private LedgerEntry entry(ReleasePlan plan, BudgetCharge charge, String requestSha, Instant at) {
    ReleaseRequest r = plan.request();
    return new LedgerEntry(r.requestId(), requestSha, r.dataset(), charge.periods(), LedgerEntry.Status.RESERVED,
        charge.costDecimal(), charge.deltaCostDecimal(), charge.budget().accounting(), r.privacy().guarantee().describe(),
        String.join("+", plan.metrics().stream().map(m -> m.label()).toList()),
        r.requester().who(), r.requester().purpose(), at.toString(), null, null, null, Owner.current(),
        plan.workDirectory().toString());
  }

  /**
   * Runs the pipeline, printing every 10 seconds how long it has run and how many records were
   * read. On a cluster, and wherever {@code run()} returns while the job is under way, the count is
   * the runner's own metric, gathered from the workers; while {@code run()} blocks (embedded Flink,
   * the DirectRunner: the workers are threads of this JVM) it is this JVM's count.
   */
  private RunCounters runWithProgress(Pipeline p, Path tallies) throws IOException {
    Instant started = Instant.now();
    long readBefore = IngestProgress.recordsReadHere();
    AtomicReference<PipelineResult> submitted = new AtomicReference<>();
    Thread progress = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(10_000);
          long secs = Duration.between(started, Instant.now()).toSeconds();
          PipelineResult job = submitted.get();
          OptionalLong read = job == null ? OptionalLong.of(IngestProgress.recordsReadHere() - readBefore)
              : IngestProgress.recordsRead(job);
          out.println(read.isPresent()
              ? String.format("privflow: running for %d s, %,d records read", secs, read.getAsLong())
              : String.format("privflow: running for %d s (the runner did not report records read)", secs));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "privflow-progress");
    progress.setDaemon(true);
    progress.start();
    try {
      PipelineResult result = p.run();
      submitted.set(result);
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new ReleaseFailedException("the pipeline ended in state " + state + "; nothing was published");
      }
      OptionalLong read = IngestProgress.recordsRead(result);
      out.printf("privflow: pipeline finished in %d s%s%n", Duration.between(started, Instant.now()).toSeconds(),
          read.isPresent() ? String.format(", %,d records read (the runner's count)", read.getAsLong()) : "");
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
}
