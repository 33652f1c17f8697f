package io.privflow.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.cli.Privflow;
import io.privflow.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two commands: a refused export exits non-zero with one line, and {@code audit} lists it; the
 * listing flags an export that may exist without a completed audit entry.
 */
class ConsentCliTest {
  @TempDir Path dir;

  @Test
  void refusedExportIsOneLineAndAppearsInTheAuditListing() throws Exception {
    Fixtures.policy(dir, List.of("public_health_research"));
    Path key = Fixtures.key(dir);
    Path request = dir.resolve("request.yaml");
    Files.writeString(request, """
        requester: {organisation: Test Institute}
        purpose: public_health_research
        legal_basis: consent
        time: {start: 2020-03-01, end: 2020-03-05}
        subjects: all_consenting
        inputs:
          network_events: [%s]
          cells: [%s]
        output: {detail: raw_points, directory: %s}
        """.formatted(Fixtures.tiny("network_events.csv"), Fixtures.tiny("cells.csv"), dir.resolve("out")));
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int export;
    int audit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      export = Privflow.run("consent-export", "--policy", dir.resolve("policy.yaml").toString(),
          "--request", request.toString(), "--runner", "direct");
      audit = Privflow.run("audit", "--policy", dir.resolve("policy.yaml").toString());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    assertEquals(1, export);
    assertTrue(err.toString().startsWith("privflow: no consent registry"), err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
    assertEquals(0, audit);
    assertTrue(out.toString().contains("REFUSED") && out.toString().contains("public_health_research"), out.toString());
  }

  @Test
  void theListingFlagsAnInProgressEntryThatNothingCompletes() throws Exception {
    var policy = Fixtures.policy(dir, List.of("public_health_research"));
    ConsentAudit audit = ConsentAudit.open(policy);
    AuditEntry completed = audit.append(entry(AuditEntry.Decision.IN_PROGRESS, "/exports/done", 0));
    audit.append(entry(AuditEntry.Decision.EXPORTED, "/exports/done", completed.entryId()));
    AuditEntry open = audit.append(entry(AuditEntry.Decision.IN_PROGRESS, "/exports/unsure", 0));
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = Privflow.run("audit", "--policy", dir.resolve("policy.yaml").toString());
    } finally {
      System.setOut(oldOut);
    }
    assertEquals(0, code);
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(5, lines.size(), out.toString());
    assertTrue(lines.get(0).contains("completes"), lines.get(0));
    assertFalse(lines.get(1).contains("NOT COMPLETED"), "a completed entry is not flagged: " + lines.get(1));
    assertTrue(lines.get(2).matches("^" + (completed.entryId() + 1) + " .* EXPORTED +" + completed.entryId() + " .*"),
        lines.get(2));
    assertTrue(lines.get(3).startsWith(open.entryId() + " ") && lines.get(3).contains(
        "NOT COMPLETED: an export may exist at /exports/unsure; check it"), lines.get(3));
    assertEquals("1 IN_PROGRESS entry without completion (entry " + open.entryId() + " at /exports/unsure): an export"
        + " may exist at each one's output directory; check it", lines.get(4));
  }

  private static AuditEntry entry(AuditEntry.Decision decision, String outputDirectory, long completes) {
    return new AuditEntry(0, "2020-03-10T00:00:00Z", "Test Institute", "public_health_research", "consent", "", "all",
        1, 1, 5, decision, "test", outputDirectory, completes);
  }
}
