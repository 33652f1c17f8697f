package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.engine.RunnerChoice;
import io.privflow.policy.Policy;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RawIdentifierScan;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No raw identifier from any input reaches any file the run writes (release and custodian-only
 * directories, Parquet decoded) or its console output, with real noise.
 */
class NoRawIdentifierLeakTest {
  @TempDir Path dir;

  @Test
  void noRawIdentifierInAnyOutput() throws Exception {
    RawIdentifierScan scan = new RawIdentifierScan()
        .addCsvColumn(Fixtures.tiny("network_events.csv"), "subscriber_id")
        .addCsvColumn(Fixtures.tiny("gps_events.csv"), "device_id");
    assertEquals(8, scan.size(), "the scan knows the 6 raw identifiers and their 2 spaced forms");

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    Policy policy = Fixtures.policy(dir);
    ReleaseRun run = new ReleaseRun(new PrintStream(console, true), policy);
    var req = RequestParser.parse(RequestYaml.tiny().minCount(0).write(dir));
    run.execute(run.plan(req), RunnerChoice.DIRECT.options(2, null));

    assertTrue(Files.isDirectory(req.outputDirectory()));
    Path custodian = policy.custodianFilesOf(req.dataset(), req.requestId());
    assertTrue(Files.isDirectory(custodian.resolve("rejected")));
    assertEquals(List.of(), scan.findIn(req.outputDirectory(), custodian));
    assertEquals(List.of(), scan.findInText("console", console.toString()));

    // the scan itself has power: a file holding an identifier is found
    Files.writeString(dir.resolve("planted.txt"), "x,4522222222,y");
    assertEquals(1, scan.findIn(dir.resolve("planted.txt")).size());
  }
}
