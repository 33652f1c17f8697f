package io.privflow.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.privflow.PrivflowException;
import io.privflow.files.CsvCells;
import io.privflow.files.Digests;
import io.privflow.files.FileTrees;
import io.privflow.locate.WindowScheme;
import io.privflow.model.Pseudonym;
import io.privflow.policy.Policy;
import io.privflow.pseudonymize.Pseudonymizer;
import io.privflow.publish.Manifest;
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
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * One consent export from request to output directory, audited whatever happens. Every check that
 * needs no event data runs first; a refusal is audited and nothing is read. The export is written
 * to a private work directory and moved into place in one rename, after the pipeline succeeded.
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
  /** Files that mark a directory as an aggregate release (or a copy of one). */
  static final List<String> RELEASE_MARKERS = List.of("release.json", Manifest.FILE);

  private final PrintStream out;
  private final Clock clock;

  public ConsentExportRun(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  /** The audit entry of a finished export (a refusal or failure throws, after it is audited). */
  public record Outcome(AuditEntry audit, ConsentRequest request) {}

  public Outcome execute(Path requestFile, Policy policy, PipelineOptions options) throws IOException {
    ConsentAudit audit = ConsentAudit.open(policy.jdbcUrl()); // no audit log, no export
    Instant now = clock.instant();
    String sha = requestSha(requestFile);
    ConsentRequest r;
    try {
      r = ConsentRequestParser.parse(requestFile);
    } catch (ConsentRequestException e) {
      audit.append(entry(now, e.header(), sha, 0, 0, 0, AuditEntry.Decision.REFUSED, e.getMessage(), ""));
      throw e;
    } catch (RuntimeException e) {
      audit.append(entry(now, ConsentRequest.Header.UNREADABLE, sha, 0, 0, 0, AuditEntry.Decision.REFUSED,
          unexpected(e), ""));
      throw e;
    }
    String outDir = r.outputDirectory().toString();
    Prepared prep;
    try {
      prep = prepare(r, policy, now);
    } catch (IOException | RuntimeException e) {
      // Our own exceptions carry messages written to hold no value; anything else is named by type only.
      audit.append(entry(now, r.header(), sha, 0, 0, 0, AuditEntry.Decision.REFUSED,
          safe(e), outDir));
      throw e;
    }
    int consenting = prep.selected().size();
    Path work = r.outputDirectory().resolveSibling(
        ".privflow-consent-work-" + r.outputDirectory().getFileName() + "-" + UUID.randomUUID());
    try {
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
      long total = rows.values().stream().mapToLong(Long::longValue).sum();
      writeReport(export.resolve(REPORT), r, prep, rows, now, sha);
      writeCustodianFiles(custodianFiles(policy, r, now), prep.registry());
      Files.move(export, r.outputDirectory(), StandardCopyOption.ATOMIC_MOVE);
      AuditEntry done = entry(now, r.header(), sha, consenting, rows.size(), total, AuditEntry.Decision.EXPORTED,
          "registry: " + prep.registry().grants().size() + " valid rows, " + prep.registry().rejected().size()
              + " rejected", outDir);
      audit.append(done);
      out.printf("privflow: consent export for purpose %s: %s subject(s) requested, %d with valid consent, %d"
              + " exported, %,d rows; written to %s%n",
          r.header().purpose(), r.header().subjectsRequested(), consenting, rows.size(), total, r.outputDirectory());
      return new Outcome(done, r);
    } catch (IOException | RuntimeException e) {
      String why = safe(e);
      audit.append(entry(now, r.header(), sha, consenting, 0, 0, AuditEntry.Decision.FAILED, why, outDir));
      throw e;
    } finally {
      FileTrees.delete(work);
    }
  }

  /** What the run needs, gathered and checked before any event is read. */
  private record Prepared(ConsentRegistry.Contents registry, Map<Pseudonym, ConsentRules.Eligible> selected,
      Map<Integer, Pseudonym> requested, RegionSet regions, WindowScheme windows) {}

  private Prepared prepare(ConsentRequest r, Policy policy, Instant now) throws IOException {
    checkOutput(r.outputDirectory(), "output.directory", policy, true);
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
    ConsentRegistry.Contents registry = ConsentRegistry.read(registryFiles, pseudonymizer);
    Map<Pseudonym, ConsentRules.Eligible> eligible = ConsentRules.eligible(
        registry, r.header().purpose(), now.toEpochMilli(), r.time().startMillis(), r.time().endMillis());
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
   * Refuses an output location that exists, or that is inside an aggregate release or the state
   * directory: per-subject rows must never land where releases are published or kept.
   */
  private static void checkOutput(Path dir, String field, Policy policy, boolean mustBeNew) {
    if (mustBeNew && Files.exists(dir)) {
      throw new ConsentRefusedException(field + " " + dir + " exists already; a consent export is never written"
          + " into an existing directory");
    }
    for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
      for (String marker : RELEASE_MARKERS) {
        if (Files.exists(d.resolve(marker))) {
          throw new ConsentRefusedException(field + " " + dir + " is inside a release directory (" + d + " holds "
              + marker + "); a consent export never writes into a release");
        }
      }
    }
    Path state = policy.stateDirectory().toAbsolutePath().normalize();
    if (dir.toAbsolutePath().normalize().startsWith(state)) {
      throw new ConsentRefusedException(field + " " + dir + " is inside the state directory " + state);
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
    m.put("rule", "an event is exported only if the subject's consent for exactly this purpose was granted at or"
        + " before the event, had not expired at the event, and had not been withdrawn at the time of the export");
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

  private static AuditEntry entry(Instant now, ConsentRequest.Header h, String sha, int consenting, int exported,
      long rows, AuditEntry.Decision decision, String reason, String outDir) {
    return new AuditEntry(0, now.toString(), h.requester(), h.purpose(), h.legalBasis(), sha, h.subjectsRequested(),
        consenting, exported, rows, decision, reason, outDir);
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
