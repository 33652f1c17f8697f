package io.privflow.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.cli.Privflow;
import io.privflow.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two commands: a refused export exits non-zero with one line, and {@code audit} lists it. */
class ConsentCliTest {
  @TempDir Path dir;

  @Test
  void refusedExportIsOneLineAndAppearsInTheAuditListing() throws Exception {
    Fixtures.policy(dir);
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
}
