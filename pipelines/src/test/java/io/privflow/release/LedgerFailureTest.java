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
import io.privflow.publish.ReleaseFailedException;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two failures after the noise was drawn that leave the run unable to give its reservation back
 * (#11 item 1). Each run is a separate JVM ({@link FailingRelease}) that fails and ends; the next
 * run, in this JVM, settles what it left. Whatever happened, nothing is published and the noise of
 * the request is never drawn again: its reservation is charged and its request id is spent.
 *
 * <ul>
 *   <li>The ledger fails mid-run: the run's next ledger step fails, and so does giving the
 *       reservation back (ReleaseRun's finally block, which no test reached before).
 *   <li>The work directory cannot be destroyed: its noisy values may outlive the run, so the run
 *       keeps its reservation, like a killed run, instead of giving it back (7c0e6c0).
 * </ul>
 *
 * About 15-25 s per test (a child JVM with one release).
 */
class LedgerFailureTest {
  @TempDir Path dir;
  private Policy policy;
  private ReleaseRequest request;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @BeforeEach
  void oneRequest() throws Exception {
    policy = Fixtures.policy(dir);
    request = RequestParser.parse(RequestYaml.tiny().write(dir));
  }

  private String failingRun(String mode) throws Exception {
    Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), FailingRelease.class.getName(),
        policy.file().toString(), request.requestFile().toString(), mode).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), output);
    assertEquals(3, child.exitValue(), output);
    assertFalse(Files.exists(request.outputDirectory()), "nothing published");
    return output;
  }

  /** The next run of the same request: it settles the dead run's entry and is refused on it. */
  private void nextRunFindsItCharged() throws Exception {
    ReleaseRun again = new ReleaseRun(new PrintStream(log, true), policy);
    var e = assertThrows(ReleaseFailedException.class,
        () -> again.execute(again.plan(request), RunnerChoice.DIRECT.options(2, null)));
    assertTrue(e.getMessage().contains("was charged when its run died after it may have drawn noise"),
        e.getMessage());
    assertTrue(log.toString().contains("it may have drawn noise, so its reservation is charged"), log.toString());
    BudgetLedger ledger = BudgetLedger.open(policy);
    assertEquals(LedgerEntry.Status.ABANDONED, ledger.find(request.requestId()).orElseThrow().status());
    List<PeriodBalance> b = ledger.balances("tiny");
    BigDecimal spent = b.stream().map(PeriodBalance::committed).reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal held = b.stream().map(PeriodBalance::reserved).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertEquals(0, BigDecimal.ONE.compareTo(spent), "charged once: spent " + spent);
    assertEquals(0, held.signum(), "nothing held: " + held);
    assertFalse(Files.exists(request.outputDirectory()), "nothing published");
    assertEquals(List.of(), workDirectories(), "the dead run's work directory is gone");
  }

  private List<Path> workDirectories() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(WorkDirectory.PREFIX)).toList();
    }
  }

  @Test
  void whenTheLedgerFailsMidRunNothingIsPublishedAndTheNextRunChargesTheReservation() throws Exception {
    String out = failingRun("ledger-down");
    assertTrue(out.contains("privflow: the run failed and its reservation could not be given back ("), out);
    assertTrue(out.contains("nothing was published; the next run settles the reservation"), out);
    assertTrue(out.contains("FAILED ledger query failed"), out);
    assertEquals(List.of(), workDirectories(), "the noisy values were destroyed by the failing run itself");
    nextRunFindsItCharged();
  }

  @Test
  void whenTheWorkDirectoryCannotBeDestroyedTheReservationStaysAndIsCharged() throws Exception {
    String out = failingRun("work-stuck");
    assertTrue(out.contains("could not be removed"), out);
    assertTrue(out.contains("its reservation stays and is charged once this process has ended, because its noisy"
        + " values could not be destroyed"), out);
    assertFalse(out.contains("reservation was given back"), out);
    assertTrue(out.contains("FAILED injected failure after the noise was drawn"), out);
    assertEquals(1, workDirectories().size(), "left behind, owner-only");
    nextRunFindsItCharged();
  }
}
