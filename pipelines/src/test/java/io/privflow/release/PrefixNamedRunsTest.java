package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.engine.RunnerChoice;
import io.privflow.policy.Policy;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.privacy.ledger.LedgerEntry;
import io.privflow.publish.Manifest;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs at once whose output names prefix each other, {@code release-2} and {@code release}
 * (#11 item 10). Work directories used to be named after the output and cleaned by that prefix, so
 * the run of {@code release} deleted the in-progress files of the run of {@code release-2}. Here the
 * run of {@code release-2} is held just after its pipeline wrote its noisy cells while the run of
 * {@code release} goes from start to publication in the same folder; then the first one finishes.
 * Both publish whole releases. Two threads of one JVM take the same code path as two processes (the
 * cleanup looks at the owner process, which is alive either way). Two releases, about 20 s.
 */
class PrefixNamedRunsTest {
  @TempDir Path dir;

  private ReleaseRequest request(String id, String out) throws Exception {
    Path sub = Files.createDirectories(dir.resolve("req-" + id));
    return RequestParser.parse(RequestYaml.tiny().requestId(id).output(dir.resolve(out)).write(sub));
  }

  private List<Path> workDirectories() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(WorkDirectory.PREFIX)).toList();
    }
  }

  @Test
  void runsOfReleaseAndRelease2BothPublishAndNeitherTouchesTheOthersFiles() throws Exception {
    Policy policy = Fixtures.policy(dir);
    ReleaseRequest longer = request("second", "release-2");
    ReleaseRequest shorter = request("first", "release");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    ReleaseRun slow = new ReleaseRun(quiet, policy).withPhases(p -> {
      if (p == ReleaseRun.Phase.NOISE_DRAWN) {
        held.countDown();
        try {
          resume.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<ReleaseRun.Outcome> first = pool.submit(
          () -> slow.execute(slow.plan(longer), RunnerChoice.DIRECT.options(2, null)));
      while (!held.await(100, TimeUnit.MILLISECONDS)) {
        if (first.isDone()) {
          first.get(); // the run ended before its pipeline finished: show why
          throw new AssertionError("the run of release-2 ended before it was held");
        }
      }
      List<Path> inProgress = workDirectories();
      assertEquals(1, inProgress.size(), inProgress.toString());
      Path work = inProgress.get(0);
      assertFalse(work.getFileName().toString().contains("release"), "named by a uuid, not by the output");
      List<Path> noisy;
      try (Stream<Path> s = Files.walk(work)) {
        noisy = s.filter(Files::isRegularFile).toList();
      }

      ReleaseRun other = new ReleaseRun(quiet, policy);
      other.execute(other.plan(shorter), RunnerChoice.DIRECT.options(2, null));
      for (Path f : noisy) {
        assertTrue(Files.exists(f), "the run of release deleted " + f + " of the run of release-2");
      }

      resume.countDown();
      first.get(180, TimeUnit.SECONDS);
    } finally {
      resume.countDown();
      pool.shutdownNow();
    }
    BudgetLedger ledger = BudgetLedger.open(policy);
    for (ReleaseRequest r : List.of(longer, shorter)) {
      assertEquals(List.of(), Manifest.verify(r.outputDirectory()), r.outputDirectory().toString());
      assertEquals(LedgerEntry.Status.COMMITTED, ledger.find(r.requestId()).orElseThrow().status());
    }
    assertEquals(List.of(), workDirectories(), "both work directories were removed by their own runs");
  }
}
