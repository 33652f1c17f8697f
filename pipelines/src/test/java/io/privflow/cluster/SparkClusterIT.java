package io.privflow.cluster;

import io.privflow.engine.RunnerChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkContext$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * The release on a real Spark 3.5 standalone cluster: a Master and a Worker in their own JVMs on
 * 127.0.0.1, started once for the class from the README's commands (see
 * {@link SparkStandaloneCluster}); privflow drives it as a Spark driver with
 * {@code --master spark://127.0.0.1:PORT}.
 */
class SparkClusterIT extends ClusterReleaseTests {
  @TempDir static Path dir;
  static SparkStandaloneCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    // The driver (this JVM) listens on 127.0.0.1 only and serves no web UI.
    System.setProperty("spark.driver.host", "127.0.0.1");
    System.setProperty("spark.driver.bindAddress", "127.0.0.1");
    System.setProperty("spark.ui.enabled", "false");
    Instant t0 = Instant.now();
    cluster = SparkStandaloneCluster.start(dir);
    System.out.printf("SparkClusterIT: Master and Worker up in %.1f s%n",
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
    return RunnerChoice.SPARK;
  }

  @Override
  String master() {
    return cluster.master();
  }

  @Override
  String submitCommand() {
    return SparkStandaloneCluster.SUBMIT;
  }

  @Override
  Map<String, String> environment() {
    return cluster.env;
  }

  /** Mid-run: the driver (in this JVM) has seen a stage of the job complete, its output on the executor. */
  @Override
  String killMidRun() throws Exception {
    SparkContext[] sc = new SparkContext[1];
    Clusters.await("the run's Spark context", 300, () -> {
      Option<SparkContext> active = SparkContext$.MODULE$.getActive();
      sc[0] = active.isDefined() ? active.get() : null;
      return sc[0] != null;
    });
    AtomicInteger stages = new AtomicInteger();
    sc[0].addSparkListener(new SparkListener() {
      @Override
      public void onStageCompleted(SparkListenerStageCompleted completed) {
        stages.incrementAndGet();
      }
    });
    Clusters.await("a completed stage", 300, () -> stages.get() > 0);
    cluster.killWorker();
    return "the Worker after " + stages.get() + " completed stage(s) of the job";
  }

  @Override
  void replaceKilledWorker() throws Exception {
    cluster.startWorker();
  }
}
