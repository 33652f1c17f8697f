package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.engine.RunnerChoice;
import io.privflow.policy.Policy;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.privacy.ledger.LedgerEntry;
import io.privflow.privacy.ledger.PeriodBalance;
import io.privflow.publish.Manifest;
import io.privflow.publish.ReleaseFailedException;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import io.privflow.testing.WorkLeftovers;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure leaves nothing visible, the ledger consistent (nothing spent twice, nothing lost)
 * and a re-run that succeeds. (A transform that throws midway is in ReleaseLedgerTest.)
 */
class FailureInjectionTest {
  @TempDir Path dir;
  private final PrintStream console = new PrintStream(new ByteArrayOutputStream(), true);

  private ReleaseRun.Outcome release(ReleaseRequest r, Policy policy, PipelineOptions options) throws IOException {
    ReleaseRun run = new ReleaseRun(console, policy);
    return run.execute(run.plan(r), options);
  }

  private static BigDecimal committed(Policy p) {
    return BudgetLedger.open(p).balances("tiny").stream()
        .map(PeriodBalance::committed).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static BigDecimal reserved(Policy p) {
    return BudgetLedger.open(p).balances("tiny").stream()
        .map(PeriodBalance::reserved).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** Whether a work directory (not a failed run's placeholder, which holds no data) is beside the release. */
  private static boolean leftovers(Path parent) throws Exception {
    return !WorkLeftovers.directories(parent).isEmpty();
  }

  /** The sample on the DirectRunner takes long enough to be killed in the middle of its pipeline. */
  private String sampleRequest(Path out) {
    Path sample = Fixtures.projectRoot().resolve("sample-data");
    return """
        request_id: killed-run
        dataset: tiny
        retention_until: 2099-12-31
        inputs:
          network_events: [%s]
          cells: [%s]
        regions: {file: %s}
        time: {start: 2020-03-02, end: 2020-03-09, zone: Europe/Copenhagen, window: P1D}
        privacy: {epsilon: 1.0, min_count: 10}
        metrics:
          od: {max_transitions_per_device: 6}
        output: {directory: %s}
        """.formatted(sample.resolve("network_events.csv"), sample.resolve("cells.csv"),
        sample.resolve("regions.geojson"), out);
  }

  @Test
  void cliKilledWithSigkillMidPipelineIsChargedAndItsNoiseNeverDrawnAgain() throws Exception {
    Path out = dir.resolve("release");
    Path request = Fixtures.request(dir, sampleRequest(out));
    Policy policy = Fixtures.policy(dir);
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "-Xmx2g",
        "-cp", System.getProperty("java.class.path"), "io.privflow.cli.Privflow",
        "release", "--runner", "direct", "--policy", policy.file().toString(), "--request", request.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    boolean started = false;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        if (line.startsWith("privflow: release killed-run:")) { // reserved, pipeline starting
          started = true;
          Thread.sleep(3_000);
          break;
        }
      }
      assertTrue(started && p.isAlive(), "the run ended before it could be killed: " + lines);
      p.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    assertFalse(Files.exists(out), "nothing published");
    assertTrue(leftovers(dir), "the killed run's work directory is still there");
    LedgerEntry held = BudgetLedger.open(policy).find("killed-run").orElseThrow();
    assertEquals(LedgerEntry.Status.RUNNING, held.status(), "killed while its pipeline ran: noise may be drawn");
    assertEquals(0, BigDecimal.ONE.compareTo(reserved(policy)));

    // Its noise may have outlived it in the work directory: the re-run does not draw fresh noise for
    // free. The dead run is charged, its work directory removed, and the same request id refused.
    ReleaseRequest r = RequestParser.parse(request);
    var refused = assertThrows(ReleaseFailedException.class, () -> release(r, policy, RunnerChoice.FLINK.options(2, null)));
    assertTrue(refused.getMessage().contains("was charged when its run died"), refused.getMessage());
    assertFalse(Files.exists(out), "nothing published");
    assertFalse(leftovers(dir), "the dead run's work directory (and its noisy values) removed");
    assertEquals(LedgerEntry.Status.ABANDONED, BudgetLedger.open(policy).find("killed-run").orElseThrow().status());
    assertEquals(0, BigDecimal.ONE.compareTo(committed(policy)), "charged once");
    assertEquals(0, BigDecimal.ZERO.compareTo(reserved(policy)), "nothing left held");

    // fresh noise needs a new request id, and is charged again
    Path renamed = dir.resolve("renamed.yaml");
    Files.writeString(renamed, Files.readString(request).replace("request_id: killed-run", "request_id: second-try"));
    release(RequestParser.parse(renamed), policy, RunnerChoice.FLINK.options(2, null));
    assertEquals(List.of(), Manifest.verify(out));
    assertEquals(0, new BigDecimal("2").compareTo(committed(policy)), "two draws, two charges");
  }

  @Test
  void unwritableOutputLocationFailsBeforeAnythingIsReadOrSpent() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
    ReleaseRequest r = RequestParser.parse(RequestYaml.tiny().output(notADirectory.resolve("release")).write(dir));
    Policy policy = Fixtures.policy(dir);
    var e = assertThrows(ReleaseFailedException.class,
        () -> release(r, policy, RunnerChoice.DIRECT.options(2, null)));
    assertTrue(e.getMessage().contains("cannot write beside the release location"), e.getMessage());
    assertTrue(BudgetLedger.open(policy).find("tiny-test").isEmpty());
    assertFalse(Files.exists(policy.custodianFilesOf(r.dataset(), r.requestId())));
  }

  @Test
  void fullDiskPublishesNothingAndGivesTheBudgetBack() throws Exception {
    Path small = Files.createDirectories(dir.resolve("small"));
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=12k", "tmpfs", small.toString())
        .redirectErrorStream(true).start();
    Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a tiny tmpfs here (needs root); skipped");
    try {
      RequestYaml yaml = RequestYaml.tiny().output(small.resolve("release"));
      ReleaseRequest r = RequestParser.parse(yaml.write(dir));
      Policy policy = Fixtures.policy(dir);
      assertThrows(Exception.class, () -> release(r, policy, RunnerChoice.DIRECT.options(2, null)));
      assertFalse(Files.exists(r.outputDirectory()), "nothing published");
      assertFalse(leftovers(small), "no partial files left on the full disk");
      assertTrue(BudgetLedger.open(policy).find("tiny-test").isEmpty(), "reservation given back");
      assertEquals(0, BigDecimal.ZERO.compareTo(reserved(policy)));

      // the same request, pointed at a disk with room, succeeds and spends once
      RequestYaml again = yaml.copy().output(dir.resolve("release"));
      ReleaseRequest ok = RequestParser.parse(again.write(Files.createDirectories(dir.resolve("again"))));
      release(ok, policy, RunnerChoice.DIRECT.options(2, null));
      assertEquals(0, BigDecimal.ONE.compareTo(committed(policy)));
    } finally {
      new ProcessBuilder("umount", small.toString()).start().waitFor();
    }
  }
}
