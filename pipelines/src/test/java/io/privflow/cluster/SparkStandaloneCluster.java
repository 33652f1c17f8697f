package io.privflow.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * TEST ONLY: a Spark 3.5 standalone cluster on 127.0.0.1 started from privflow.jar's own Spark
 * classes, the README's commands: a Master and a Worker in separate JVMs. The Worker builds its
 * executors' class path from {@code $SPARK_HOME/jars} (privflow.jar linked there) and needs
 * {@code SPARK_SCALA_VERSION}, which a Spark distribution's scripts would set.
 */
final class SparkStandaloneCluster implements AutoCloseable {
  static final String MASTER = "java -Xmx512m $JAVA_OPENS -cp \"$PRIVFLOW_JAR\" org.apache.spark.deploy.master.Master \\\n"
      + "  --host 127.0.0.1 --port $SPARK_MASTER_PORT --webui-port $SPARK_MASTER_WEBUI_PORT";
  static final String WORKER = "java -Xmx512m $JAVA_OPENS -cp \"$PRIVFLOW_JAR\" org.apache.spark.deploy.worker.Worker \\\n"
      + "  --host 127.0.0.1 --cores 2 --memory 3g --work-dir \"$SPARK_WORKER_DIR\" \\\n"
      + "  --webui-port $SPARK_WORKER_WEBUI_PORT spark://127.0.0.1:$SPARK_MASTER_PORT";
  static final String SPARK_HOME = "mkdir -p \"$SPARK_HOME/jars\" && ln -sf \"$PRIVFLOW_JAR\" \"$SPARK_HOME/jars/privflow.jar\"";
  /** The README's submission; the tests run it with SPARK_MASTER_PORT set to the cluster's port. */
  static final String SUBMIT = "java -jar \"$PRIVFLOW_JAR\" release --policy policy.yaml --request request.yaml \\\n"
      + "  --runner spark --master spark://127.0.0.1:$SPARK_MASTER_PORT --parallelism 2";

  final Path dir;
  final int masterPort;
  final int webUiPort;
  final Map<String, String> env;
  private final ClusterProcess master;
  private ClusterProcess worker;
  private int workers;

  private SparkStandaloneCluster(Path dir, int masterPort, int webUiPort, Map<String, String> env,
      ClusterProcess master) {
    this.dir = dir;
    this.masterPort = masterPort;
    this.webUiPort = webUiPort;
    this.env = env;
    this.master = master;
  }

  static SparkStandaloneCluster start(Path dir) throws Exception {
    int port = Clusters.freePort();
    int ui = Clusters.freePort();
    Map<String, String> env = Map.of("PRIVFLOW_JAR", Clusters.privflowJar().toString(),
        "SPARK_HOME", dir.resolve("spark-home").toString(), "SPARK_SCALA_VERSION", "2.12",
        "SPARK_LOCAL_IP", "127.0.0.1", "JAVA_OPENS", Clusters.javaOpens(),
        "SPARK_MASTER_PORT", String.valueOf(port), "SPARK_MASTER_WEBUI_PORT", String.valueOf(ui),
        "SPARK_WORKER_WEBUI_PORT", String.valueOf(Clusters.freePort()),
        "SPARK_WORKER_DIR", Files.createDirectories(dir.resolve("spark-work")).toString());
    ProcessBuilder home = new ProcessBuilder("bash", "-euc", SPARK_HOME).inheritIO();
    home.environment().putAll(env);
    if (home.start().waitFor() != 0) {
      throw new IllegalStateException("cannot make SPARK_HOME");
    }
    SparkStandaloneCluster c = new SparkStandaloneCluster(dir, port, ui, env,
        ClusterProcess.start("master", MASTER, env, dir));
    try {
      Clusters.await("the Spark Master's web UI", 120, () -> c.status() != null);
      c.startWorker();
    } catch (Exception | AssertionError e) {
      System.out.println(c.logs());
      c.close();
      throw e;
    }
    return c;
  }

  String master() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The Master's status (its web UI's /json/). */
  JsonNode status() {
    return Clusters.getJson(webUiPort, "/json/");
  }

  /** Starts a Worker and waits until the Master counts it alive. */
  void startWorker() throws Exception {
    java.util.Set<String> before = aliveWorkers();
    workers++;
    worker = ClusterProcess.start("worker-" + workers, WORKER, env, dir);
    Clusters.await("a Worker registered with the Master", 120, () -> {
      java.util.Set<String> now = aliveWorkers();
      now.removeAll(before);
      return !now.isEmpty();
    });
  }

  private java.util.Set<String> aliveWorkers() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    JsonNode s = status();
    if (s != null) {
      s.path("workers").forEach(w -> {
        if (w.path("state").asText().equals("ALIVE")) {
          ids.add(w.path("id").asText());
        }
      });
    }
    return ids;
  }

  /** SIGKILL to the Worker's JVM; its executor exits when it loses the Worker. */
  void killWorker() throws InterruptedException {
    worker.kill();
  }

  String logs() {
    return master.tail() + "\n" + (worker == null ? "" : worker.tail());
  }

  @Override
  public void close() throws InterruptedException {
    if (worker != null) {
      worker.close();
    }
    master.close();
  }
}
