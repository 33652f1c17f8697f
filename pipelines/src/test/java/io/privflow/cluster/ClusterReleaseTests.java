package io.privflow.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.engine.RunnerChoice;
import io.privflow.rejects.Source;
import io.privflow.release.ReleaseRun;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * TEST ONLY: what every real cluster must show, run by {@link FlinkClusterIT} and
 * {@link SparkClusterIT} against a cluster each starts once for its class: zero-noise aggregates
 * and reconciliation figures equal to the embedded run's; the progress line's records read are
 * the runner's own count; the workers read the pseudonymisation key from their own path; the
 * README's command publishes; a worker killed mid-run leads to a correct release or to nothing
 * published with the reservation given back, and then a re-run publishes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ClusterReleaseTests {
  abstract RunnerChoice runner();

  abstract String master();

  /** The README's submission command and the environment it names (ports, jar). */
  abstract String submitCommand();

  abstract Map<String, String> environment();

  /** Blocks until the running job is provably mid-run, kills the TaskManager or Worker; returns what it saw. */
  abstract String killMidRun() throws Exception;

  /** Starts a new TaskManager or Worker, as a supervisor would after a crash. */
  abstract void replaceKilledWorker() throws Exception;

  PipelineOptions clusterOptions() {
    return ClusterRelease.options(runner(), master());
  }

  private static void log(String line) {
    System.out.println(line); // kept in the surefire report: the measured times the README quotes
  }

  @Test
  @Order(1)
  void zeroNoiseReleaseEqualsTheEmbeddedRunCellForCell(@TempDir Path dir) throws Exception {
    ClusterRelease embedded = ClusterRelease.tiny(dir.resolve("embedded"), "tiny-embedded");
    Instant t0 = Instant.now();
    ClusterRelease.Answer expected = embedded.answer(embedded.run(ClusterRelease.options(RunnerChoice.FLINK, null)));
    Instant t1 = Instant.now();
    ClusterRelease cluster = ClusterRelease.tiny(dir.resolve("cluster"), "tiny-cluster");
    ReleaseRun.Outcome o = cluster.run(clusterOptions());
    Instant t2 = Instant.now();
    assertEquals(28, expected.od().lines().count(), "27 domain cells at k = 0, plus the header");
    assertEquals(expected, cluster.answer(o));
    for (Source s : Source.values()) {
      assertTrue(o.counters().reconciles(s), s.label());
    }
    // The progress line's figure comes from the runner, gathered from the workers: it is the read total.
    assertEquals(ClusterRelease.totalRead(o.counters()), cluster.runnerCountOfRecordsRead(), cluster.console.toString());
    log(String.format("%s: tiny release (27 records): embedded %.1f s, cluster %.1f s", getClass().getSimpleName(),
        Duration.between(t0, t1).toMillis() / 1000.0, Duration.between(t1, t2).toMillis() / 1000.0));
  }

  /**
   * The submitting process checks the key before the job starts; the key is then moved away. Had
   * the key been shipped inside the job, the workers would not need the file and the run would
   * publish; it fails, closed, because the workers read the key from their own path.
   */
  @Test
  @Order(2)
  void theWorkersReadTheKeyFromTheirOwnPathNeverFromTheJob(@TempDir Path dir) throws Exception {
    ClusterRelease c = ClusterRelease.tiny(dir, "tiny-key");
    Path key = c.policy.keyFile();
    Path away = key.resolveSibling("moved-away.key");
    assertThrows(Exception.class, () -> c.run(clusterOptions(), phase -> {
      if (phase == ReleaseRun.Phase.RUNNING) {
        try {
          Files.move(key, away);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    }));
    c.assertFailedClosed();
    Files.move(away, key);
  }

  @Test
  @Order(3)
  void theReadmeCommandPublishesTheRelease(@TempDir Path dir) throws Exception {
    Fixtures.policy(dir);
    RequestYaml.tiny().requestId("tiny-cli").write(dir);
    ProcessBuilder pb = new ProcessBuilder("timeout", "600", "bash", "-euc", submitCommand()).directory(dir.toFile())
        .redirectErrorStream(true);
    pb.environment().putAll(environment());
    Instant t0 = Instant.now();
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    double secs = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("privflow: published " + dir.resolve("release")), out);
    assertTrue(Files.isRegularFile(dir.resolve("release/MANIFEST.json")), out);
    // The progress figure is the runner's count and equals the summary's records read.
    Matcher read = Pattern.compile(" read ([0-9,]+) = accepted").matcher(out);
    long total = 0;
    while (read.find()) {
      total += Long.parseLong(read.group(1).replace(",", ""));
    }
    assertEquals(27, total, out);
    assertTrue(out.contains(", 27 records read (the runner's count)"), out);
    log(String.format("%s: README command (tiny release, real noise): %.1f s", getClass().getSimpleName(), secs));
  }

  @Test
  @Order(4)
  void aWorkerKilledMidRunGivesACorrectReleaseOrNothingAndARerunPublishes(@TempDir Path dir) throws Exception {
    ClusterRelease c = ClusterRelease.sample(dir.resolve("cluster"));
    AtomicReference<String> killed = new AtomicReference<>();
    AtomicReference<Throwable> killerFailed = new AtomicReference<>();
    Thread killer = new Thread(() -> {
      try {
        killed.set(killMidRun());
        replaceKilledWorker();
      } catch (Throwable t) {
        killerFailed.set(t);
      }
    }, "killer");
    ReleaseRun.Outcome outcome = null;
    Throwable failure = null;
    Instant t0 = Instant.now();
    try {
      outcome = c.run(clusterOptions(), phase -> {
        if (phase == ReleaseRun.Phase.RUNNING) {
          killer.start();
        }
      });
    } catch (Exception e) {
      failure = e;
    }
    double secs = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
    killer.join(TimeUnit.MINUTES.toMillis(5));
    assertNull(killerFailed.get(), () -> "the worker was not killed mid-run: " + killerFailed.get());
    assertTrue(killed.get() != null, "killed mid-run");
    String branch;
    if (failure == null) {
      // The engine recovered: the release must be the one the embedded runner gives.
      ClusterRelease embedded = ClusterRelease.sample(dir.resolve("embedded"));
      assertEquals(embedded.answer(embedded.run(ClusterRelease.options(RunnerChoice.FLINK, null))), c.answer(outcome));
      branch = "the engine recovered and the release equals the embedded run's";
    } else {
      c.assertFailedClosed();
      Instant t1 = Instant.now();
      ReleaseRun.Outcome again = c.run(clusterOptions());
      for (Source s : Source.values()) {
        assertTrue(again.counters().reconciles(s), s.label());
      }
      assertEquals(55_686, ClusterRelease.totalRead(again.counters()));
      assertTrue(Files.isRegularFile(c.request.outputDirectory().resolve("MANIFEST.json")));
      branch = String.format("the run failed closed (%s) and the re-run published in %.1f s", failure.getMessage(),
          Duration.between(t1, Instant.now()).toMillis() / 1000.0);
    }
    log(String.format("%s: killed %s; %s (killed run: %.1f s)", getClass().getSimpleName(), killed.get(), branch,
        secs));
  }
}
