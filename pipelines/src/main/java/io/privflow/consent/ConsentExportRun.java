package io.privflow.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.privflow.PrivflowException;
import io.privflow.files.CsvCells;
import io.privflow.files.Digests;
import io.privflow.files.FileTrees;
import io.privflow.files.OwnerOnly;
import io.privflow.locate.WindowScheme;
import io.privflow.model.Pseudonym;
import io.privflow.policy.Policy;
import io.privflow.pseudonymize.Pseudonymizer;
import io.privflow.publish.OutputLocation;
import io.privflow.regions.GeoJsonRegions;
import io.privflow.regions.RegionSet;
import io.privflow.request.ConsentRequest;
import io.privflow.request.ConsentRequestException;
import io.privflow.request.ConsentRequestParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * One consent export from request to output directory, audited whatever happens. Every check that
 * needs no event data runs first (the purpose must be one of the policy's consent purposes); a
 * refusal is audited and nothing is read. The export is written to a private work directory and
 * moved into place in one rename, after the pipeline succeeded.
 *
 * <p>No export exists without an audit entry: an {@code IN_PROGRESS} entry is appended before the
 * rename, and an {@code EXPORTED} entry naming it after. If the first append fails, the staged
 * export is deleted and nothing is published; if the rename fails, a {@code FAILED} entry completes
 * it; if the completion cannot be appended, the export stays (audited as in progress) and the run
 * fails saying so.
 *
 * <p>A consent export is a separate path from the aggregate release: it never opens the budget
 * ledger's tables (it uses only the same database, for its own audit table), never writes into a
 * release directory, and never writes a release's files.
 */
public final class ConsentExportRun {
  /** What the report says of a requested subject without valid consent, whether or not it has data. */
  public static final String NOT_EXPORTED = "not exported: no valid consent for this purpose";
  public static final String EXPORTED = "exported";
  static final String REPORT = "consent_export_report.json";

  private final PrintStream out;
  private final Clock clock;
  private final Function<String, ConsentAudit> auditLog;

  public ConsentExportRun(PrintStream out, Clock clock) {
    this(out, clock, ConsentAudit::open);
  }

  /** @param auditLog opens the audit log at the policy's JDBC URL (a test's may fail on purpose) */
  ConsentExportRun(PrintStream out, Clock clock, Function<String, ConsentAudit> auditLog) {
    this.out = out;
    this.clock = clock;
    this.auditLog = auditLog;
  }

  /** The audit entry of a finished export (a refusal or failure throws, after it is audited). */
  public record Outcome(AuditEntry audit, ConsentRequest request) {}

  public Outcome execute(Path requestFile, Policy policy, PipelineOptions options) throws IOException {
    OwnerOnly.directory(policy.stateDirectory(), "the ledger, the consent audit and the copies of committed releases");
    OwnerOnly.directory(policy.custodianDirectory(), "custodian-only files (the consent registry's rejected rows)");
    ConsentAudit audit = auditLog.apply(policy.jdbcUrl()); // no audit log, no export
    Instant now = clock.instant();
    String sha = requestSha(requestFile);
    ConsentRequest r;
    try {
      r = ConsentRequestParser.parse(requestFile);
    } catch (ConsentRequestException e) {
      audit.append(entry(now, e.header(), sha, 0, 0, 0, AuditEntry.Decision.REFUSED, e.getMessage(), "", 0));
      throw e;
    } catch (RuntimeException e) {
      audit.append(entry(now, ConsentRequest.Header.UNREADABLE, sha, 0, 0, 0, AuditEntry.Decision.REFUSED,
          unexpected(e), "", 0));
      throw e;
    }
    String outDir = r.outputDirectory().toString();
    Prepared prep;
    try {
      prep = prepare(r, policy, now);
    } catch (IOException | RuntimeException e) {
      // Our own exceptions carry messages written to hold no value; anything else is named by type only.
      audit.append(entry(now, r.header(), sha, 0, 0, 0, AuditEntry.Decision.REFUSED, safe(e), outDir, 0));
      throw e;
    }
    int consenting = prep.selected().size();
    Path work = r.outputDirectory().resolveSibling(
        ".privflow-consent-work-" + r.outputDirectory().getFileName() + "-" + UUID.randomUUID());
    try {
      Staged staged;
      try {
        staged = stage(work, r, policy, prep, options, now, sha);
      } catch (IOException | RuntimeException e) {
        appendFailure(audit, entry(clock.instant(), r.header(), sha, consenting, 0, 0, AuditEntry.Decision.FAILED,
            safe(e), outDir, 0), e);
        throw e;
      }
      return publish(audit, r, prep, staged, sha);
    } finally {
      FileTrees.delete(work);
    }
  }

  /** The export, complete in the work directory, and its figures. */
  private record Staged(Path export, Map<Pseudonym, Long> rows, long total) {}

  /** Runs the pipeline and writes the export's files into {@code work}; nothing is published. */
  private Staged stage(Path work, ConsentRequest r, Policy policy, Prepared prep, PipelineOptions options,
      Instant now, String sha) throws IOException {
    Files.createDirectories(work);
    Path staged = work.resolve("staged");
    if (!prep.selected().isEmpty()) {
      Pipeline p = Pipeline.create(options);
      Map<Pseudonym, Coverage> consent = new LinkedHashMap<>();
      prep.selected().forEach((k, v) -> consent.put(k, v.coverage()));
      ConsentExportPipeline.build(p, r, policy.keyFile(), consent, prep.regions(), prep.windows(),
          staged.resolve("rows"));
      PipelineResult.State state = p.run().waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new ConsentExportFailedException("the pipeline ended in state " + state + "; nothing was exported");
      }
    }
    Path export = Files.createDirectories(work.resolve("export"));
    Map<Pseudonym, String> ids = new LinkedHashMap<>();
    prep.selected().forEach((k, v) -> ids.put(k, v.registryId()));
    Map<Pseudonym, Long> rows = ExportFiles.write(export, staged, r, ids, prep.regions(), prep.windows());
    writeReport(export.resolve(REPORT), r, prep, rows, now, sha);
    writeCustodianFiles(custodianFiles(policy, r, now), prep.registry());
    return new Staged(export, rows, rows.values().stream().mapToLong(Long::longValue).sum());
  }

  /**
   * Moves the staged export into place between its two audit entries, so that at every moment an
   * export that exists has an entry naming its output directory.
   */
  private Outcome publish(ConsentAudit audit, ConsentRequest r, Prepared prep, Staged staged, String sha)
      throws IOException {
    int consenting = prep.selected().size();
    int exported = staged.rows().size();
    String outDir = r.outputDirectory().toString();
    String figures = "registry: " + prep.registry().grants().size() + " valid rows, "
        + prep.registry().rejected().size() + " rejected";
    AuditEntry begun;
    try {
      begun = audit.append(entry(clock.instant(), r.header(), sha, consenting, exported, staged.total(),
          AuditEntry.Decision.IN_PROGRESS, figures + "; moving the export into place", outDir, 0));
    } catch (ConsentAuditException e) {
      // The staged export is deleted by the caller: unaudited, it is never published.
      ConsentAuditException notPublished = new ConsentAuditException("the consent export could not be recorded in"
          + " the audit log before publishing it, so nothing was exported (" + e.getMessage() + ")", e);
      appendFailure(audit, entry(clock.instant(), r.header(), sha, consenting, 0, 0, AuditEntry.Decision.FAILED,
          "the IN_PROGRESS entry could not be appended; nothing was exported", outDir, 0), notPublished);
      throw notPublished;
    }
    try {
      Files.move(staged.export(), r.outputDirectory(), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      appendFailure(audit, entry(clock.instant(), r.header(), sha, consenting, 0, 0, AuditEntry.Decision.FAILED,
          "the export could not be moved into place (" + e.getClass().getName() + "); nothing was exported", outDir,
          begun.entryId()), e);
      throw e;
    }
    AuditEntry done;
    try {
      done = audit.append(entry(clock.instant(), r.header(), sha, consenting, exported, staged.total(),
          AuditEntry.Decision.EXPORTED, figures, outDir, begun.entryId()));
    } catch (ConsentAuditException e) {
      throw new ConsentAuditException("the consent export was published at " + r.outputDirectory() + ", but its"
          + " audit entry is incomplete: entry " + begun.entryId() + " records it as IN_PROGRESS and its completion"
          + " could not be appended (" + e.getMessage() + "); the export exists", e);
    }
    out.printf("privflow: consent export for purpose %s: %s subject(s) requested, %d with valid consent, %d"
            + " exported, %,d rows; written to %s (audit entries %d and %d)%n",
        r.header().purpose(), r.header().subjectsRequested(), consenting, exported, staged.total(),
        r.outputDirectory(), begun.entryId(), done.entryId());
    return new Outcome(done, r);
  }

  /**
   * Appends the FAILED entry of a run that published nothing. If the log fails as well, the error
   * says that the failure is unrecorded (the run's own cause is kept, suppressed, for the trace).
   */
  private static void appendFailure(ConsentAudit audit, AuditEntry failed, Exception cause) {
    try {
      audit.append(failed);
    } catch (ConsentAuditException e) {
      e.addSuppressed(cause);
      throw new ConsentAuditException("the run failed (" + safe(cause) + ") and its FAILED entry could not be"
          + " appended to the consent audit log (" + e.getMessage() + "); nothing was exported", e);
    }
  }

  /** What the run needs, gathered and checked before any event is read. */
  private record Prepared(ConsentRegistry.Contents registry, Map<Pseudonym, ConsentRules.Eligible> selected,
      Map<Integer, Pseudonym> requested, RegionSet regions, WindowScheme windows) {}

  private Prepared prepare(ConsentRequest r, Policy policy, Instant now) throws IOException {
    ConsentPurposes purposes = ConsentPurposes.of(policy);
    String purpose = purposes.requested(r.header().purpose(), policy); // first: an unlisted purpose reads nothing
    checkOutput(r.outputDirectory(), "output.directory", policy);
    List<Path> registryFiles = ConsentRegistry.files(r.registry());
    if (policy.keyFile() == null) {
      throw new ConsentRefusedException("the custodian policy " + policy.file().getFileName() + " names no"
          + " pseudonymization_key_file; an export needs the key the events are pseudonymised with");
    }
    Pseudonymizer pseudonymizer = Pseudonymizer.fromKeyFile(policy.keyFile());
    RegionSet regions = null;
    WindowScheme windows = null;
    if (r.detail() == ConsentRequest.Detail.REGION_PER_WINDOW) {
      regions = GeoJsonRegions.load(r.regions().file(), r.regions().idProperty(), r.regions().nameProperty(),
          w -> out.println("privflow: warning: " + w));
      try {
        windows = WindowScheme.of(r.time().start(), r.time().end(), r.time().zone(), r.time().window());
      } catch (IllegalArgumentException e) {
        throw new ConsentRefusedException("output.window: " + e.getMessage());
      }
    }
    ConsentRegistry.Contents registry = ConsentRegistry.read(registryFiles, pseudonymizer, purposes);
    Map<Pseudonym, ConsentRules.Eligible> eligible = ConsentRules.eligible(
        registry, purpose, now.toEpochMilli(), r.time().startMillis(), r.time().endMillis());
    Map<Integer, Pseudonym> requested = new TreeMap<>();
    Map<Pseudonym, ConsentRules.Eligible> selected = new TreeMap<>();
    if (r.allConsenting()) {
      selected.putAll(eligible);
    } else {
      for (int i = 0; i < r.subjects().size(); i++) {
        Pseudonym p = pseudonymizer.pseudonymize(r.subjects().get(i));
        requested.put(i, p);
        if (eligible.containsKey(p)) {
          selected.put(p, eligible.get(p));
        }
      }
    }
    Map<String, Long> byReason = new TreeMap<>();
    registry.rejected().forEach(x -> byReason.merge(x.reason().name(), 1L, Long::sum));
    out.printf("privflow: consent registry: read %,d = valid %,d + rejected %,d%s%n", registry.rows(),
        registry.grants().size(), registry.rejected().size(), byReason.isEmpty() ? "" : "  " + byReason);
    return new Prepared(registry, selected, requested, regions, windows);
  }

  /**
   * Refuses an output location that exists, or whose real path is inside a release, the state
   * directory or the custodian directory: per-subject rows must never land where releases are
   * published or kept (a symbolic link cannot lead them there).
   */
  private static void checkOutput(Path dir, String field, Policy policy) {
    try {
      OutputLocation.check(dir, field, policy);
    } catch (OutputLocation.RefusedException e) {
      throw new ConsentRefusedException(e.getMessage());
    }
  }

  private void writeReport(Path file, ConsentRequest r, Prepared prep, Map<Pseudonym, Long> rows, Instant now,
      String sha) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "privflow consent export: per-subject location data, released on the subjects' consent");
    m.put("requester", r.header().requester());
    m.put("purpose", r.header().purpose());
    m.put("legal_basis", r.header().legalBasis());
    m.put("exported_at", now.toString());
    m.put("request_sha256", sha);
    Map<String, Object> time = new LinkedHashMap<>();
    time.put("start", r.time().start().toString());
    time.put("end", r.time().end().toString());
    time.put("zone", r.time().zone().getId());
    m.put("time", time);
    m.put("detail", r.detail().label());
    if (r.time().windowText() != null) {
      m.put("window", r.time().windowText());
    }
    m.put("rule", "an event is exported only if the subject's consent for this purpose (spellings that differ only in"
        + " case, spaces, '-' or '_' are one purpose) was granted at or before the event, had not expired at the"
        + " event, and had not been withdrawn at the time of the export");
    List<Map<String, Object>> subjects = new ArrayList<>();
    if (r.allConsenting()) {
      prep.selected().values().stream().sorted(Comparator.comparing(ConsentRules.Eligible::registryId))
          .forEach(e -> subjects.add(exported(null, e, rows)));
    } else {
      prep.requested().forEach((i, p) -> {
        ConsentRules.Eligible e = p == null ? null : prep.selected().get(p);
        if (e != null) {
          subjects.add(exported(i, e, rows));
        } else {
          // The same two fields for every subject without consent: nothing here depends on its data.
          Map<String, Object> s = new LinkedHashMap<>();
          s.put("request_index", i);
          s.put("status", NOT_EXPORTED);
          subjects.add(s);
        }
      });
    }
    m.put("subjects", subjects);
    m.put("rows", rows.values().stream().mapToLong(Long::longValue).sum());
    m.put("files", List.of(ExportFiles.PARQUET, ExportFiles.CSV));
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), m);
  }

  private static Map<String, Object> exported(Integer index, ConsentRules.Eligible e, Map<Pseudonym, Long> rows) {
    Map<String, Object> s = new LinkedHashMap<>();
    if (index != null) {
      s.put("request_index", index);
    }
    s.put("status", EXPORTED);
    s.put("subject_id", e.registryId());
    s.put("rows", rows.getOrDefault(e.pseudonym(), 0L));
    return s;
  }

  /** This export's custodian-only folder, set by the policy: {@code consent-exports/<name>-<time>}. */
  static Path custodianFiles(Policy policy, ConsentRequest r, Instant now) {
    String stamp = now.toString().replace(":", "").replace("-", "");
    return policy.custodianDirectory().resolve("consent-exports")
        .resolve(r.outputDirectory().getFileName() + "-" + stamp);
  }

  /** Custodian-only: the rejected registry rows (reason and field, never a value) and their counts. */
  private static void writeCustodianFiles(Path custodian, ConsentRegistry.Contents registry) throws IOException {
    Files.createDirectories(custodian);
    try (BufferedWriter w = Files.newBufferedWriter(
        custodian.resolve("consent-registry-rejected.csv"), StandardCharsets.UTF_8)) {
      w.write("file,record_number,reason,detail\n");
      for (ConsentRegistry.Rejected x : registry.rejected()) {
        w.write(CsvCells.field(x.file()) + "," + x.recordNumber() + "," + x.reason().name() + ","
            + CsvCells.field(x.detail()) + "\n");
      }
    }
  }

  /** An entry to append; {@code now} is the time it is appended (a refusal's: the run's start). */
  private static AuditEntry entry(Instant now, ConsentRequest.Header h, String sha, int consenting, int exported,
      long rows, AuditEntry.Decision decision, String reason, String outDir, long completes) {
    return new AuditEntry(0, now.toString(), h.requester(), h.purpose(), h.legalBasis(), sha, h.subjectsRequested(),
        consenting, exported, rows, decision, reason, outDir, completes);
  }

  /** Our own messages are safe to record; a library's may quote an input value (an identifier). */
  private static String safe(Exception e) {
    return e instanceof PrivflowException ? e.getMessage() : unexpected(e);
  }

  /** A failure named by its type only. */
  private static String unexpected(Exception e) {
    return "the run failed with " + e.getClass().getName() + "; nothing was exported";
  }

  private static String requestSha(Path requestFile) {
    try {
      return Files.isRegularFile(requestFile) ? Digests.sha256(requestFile) : "";
    } catch (IOException e) {
      return "";
    }
  }

}
