package io.privflow.consent;

import static io.privflow.consent.ConsentExportTest.PHR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.files.Digests;
import io.privflow.policy.Policy;
import io.privflow.release.RacingRelease;
import io.privflow.testing.Fixtures;
import io.privflow.testing.LedgerDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #11 item 17 for the consent path: two {@code privflow consent-export} processes started at
 * the same moment against one audit database (the embedded H2 file, or PostgreSQL when the CI sets
 * it) both publish, and the audit log holds, for each, its IN_PROGRESS entry and the EXPORTED entry
 * completing it, with that run's own figures and request digest: nothing lost, nothing crossed.
 * The two runs export different numbers of rows (5 and 2), so an entry given the other run's
 * figures, or completing the other run's entry, is caught.
 *
 * <p>Checked by opening the H2 file without AUTO_SERVER (PolicyParser) and without waiting for a
 * busy database (BudgetLedger.connect), the state before item 17: one of the two processes then
 * failed with "cannot open the consent audit log ... Database may be already in use" and the test
 * failed. About 20 s on H2 (two child JVMs, each starting a DirectRunner pipeline).
 */
class ConcurrentConsentExportsTest {
  @TempDir Path dir;

  private record Run(Path request, Path out, long rows) {}

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void twoExportsStartedTogetherBothCompleteAndAreBothAudited(LedgerDatabase db) throws Exception {
    Policy policy = db.on(Fixtures.policy(dir, ConsentExportTest.PURPOSES));
    // a: every event of 4522222222 (5 rows); b: only those from 2020-03-02 on (2 rows)
    Run a = run("a", "4522222222," + PHR + ",2020-02-01T00:00:00Z,,,v1,app\n", 5);
    Run b = run("b", "4522222222," + PHR + ",2020-03-02T00:00:00Z,,,v1,app\n", 2);
    List<String> outputs = race(policy, List.of(a.request(), b.request()));
    for (String o : outputs) {
      assertTrue(o.startsWith("0\n"), o);
      assertFalse(o.contains("locked") || o.contains("in use"), o);
    }
    List<AuditEntry> audit = ConsentAudit.open(policy).entries();
    assertEquals(4, audit.size(), audit.toString());
    for (Run r : List.of(a, b)) {
      List<AuditEntry> mine = audit.stream().filter(e -> e.outputDirectory().equals(r.out().toString())).toList();
      assertEquals(2, mine.size(), r + ": " + audit);
      AuditEntry begun = mine.get(0);
      AuditEntry done = mine.get(1);
      assertEquals(AuditEntry.Decision.IN_PROGRESS, begun.decision(), mine.toString());
      assertEquals(AuditEntry.Decision.EXPORTED, done.decision(), mine.toString());
      assertEquals(0, begun.completes());
      assertEquals(begun.entryId(), done.completes(), "the completion names this run's own IN_PROGRESS entry");
      assertTrue(begun.entryId() < done.entryId());
      for (AuditEntry e : mine) {
        assertEquals(Digests.sha256(r.request()), e.requestSha256(), "this run's request");
        assertEquals(r.rows(), e.rowsExported(), "this run's figures");
        assertEquals(1, e.subjectsExported());
      }
      // the export on disk is the one its entries describe
      List<String> csv = Files.readAllLines(r.out().resolve("consent_export.csv"));
      assertEquals(r.rows() + 1, csv.size(), csv.toString());
    }
    assertEquals(List.of(), ConsentAudit.uncompleted(audit));
    try (var s = Files.list(dir)) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".privflow-consent-work-")).toList());
    }
  }

  private Run run(String name, String registryRows, long rows) throws Exception {
    Path sub = Files.createDirectories(dir.resolve(name));
    Path registry = sub.resolve("registry.csv");
    Files.writeString(registry, ConsentExportTest.HEADER + registryRows);
    Path out = dir.resolve("export-" + name);
    Path req = sub.resolve("request.yaml");
    Files.writeString(req, ConsentExportTest.request(dir, PHR, "all_consenting", "detail: raw_points",
        "consent_registry: [" + registry + "]", out.toString()));
    return new Run(req, out, rows);
  }

  /** Starts one child JVM per request, releases them at once; each result is "exit code\noutput". */
  private List<String> race(Policy policy, List<Path> requests) throws Exception {
    Path go = dir.resolve("go");
    List<Process> children = new ArrayList<>();
    for (Path request : requests) {
      children.add(new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
          "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), RacingRelease.class.getName(),
          go.toString(), "consent-export", "--policy", policy.file().toString(), "--request", request.toString(),
          "--runner", "direct").redirectErrorStream(true).start());
    }
    List<BufferedReader> outs = new ArrayList<>();
    for (Process c : children) {
      BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("READY", r.readLine());
      outs.add(r);
    }
    Files.writeString(go, "go");
    List<String> results = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      StringBuilder text = new StringBuilder();
      for (String line = outs.get(i).readLine(); line != null; line = outs.get(i).readLine()) {
        text.append(line).append('\n');
      }
      assertTrue(children.get(i).waitFor(120, TimeUnit.SECONDS));
      results.add(children.get(i).exitValue() + "\n" + text);
    }
    return results;
  }
}
