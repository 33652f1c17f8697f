package io.privflow.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.privflow.engine.RunnerChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release on a real Flink 1.19 session cluster: a JobManager and a TaskManager in their own
 * JVMs on 127.0.0.1, started once for the class from the README's commands (see
 * {@link FlinkSessionCluster}); privflow submits through the JobManager's REST port.
 */
class FlinkClusterIT extends ClusterReleaseTests {
  @TempDir static Path dir;
  static FlinkSessionCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    Instant t0 = Instant.now();
    cluster = FlinkSessionCluster.start(dir);
    System.out.printf("FlinkClusterIT: JobManager and TaskManager up in %.1f s%n",
        Duration.between(t0, Instant.now()).toMillis() / 1000.0);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  RunnerChoice runner() {
    return RunnerChoice.FLINK;
  }

  @Override
  String master() {
    return cluster.master();
  }

  @Override
  String submitCommand() {
    return FlinkSessionCluster.SUBMIT;
  }

  @Override
  Map<String, String> environment() {
    return cluster.env;
  }

  /** Mid-run: the job is RUNNING and at least one of its operators has FINISHED, others have not. */
  @Override
  String killMidRun() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    Clusters.await("a job under way with a finished operator", 300, () -> {
      String jid = cluster.runningJob();
      JsonNode job = jid == null ? null : cluster.rest("/jobs/" + jid);
      if (job == null || !job.path("state").asText().equals("RUNNING")) {
        return false;
      }
      Map<String, Integer> states = new TreeMap<>();
      job.path("vertices").forEach(v -> states.merge(v.path("status").asText(), 1, Integer::sum));
      seen.set("the TaskManager with the job RUNNING and its operators " + states);
      return states.getOrDefault("FINISHED", 0) > 0 && states.getOrDefault("FINISHED", 0) < job.path("vertices").size();
    });
    cluster.killTaskManager();
    return seen.get();
  }

  @Override
  void replaceKilledWorker() throws Exception {
    cluster.startTaskManager();
  }
}
