package io.privflow.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * TEST ONLY: a Flink 1.19 session cluster on 127.0.0.1 started from privflow.jar's own Flink
 * entry points, the README's commands: a JobManager ({@code StandaloneSessionClusterEntrypoint})
 * and a TaskManager ({@code TaskManagerRunner}) in separate JVMs. The TaskManager's memory flags
 * and settings are computed by Flink's own {@code BashJavaUtils}, as the distribution's scripts do.
 */
final class FlinkSessionCluster implements AutoCloseable {
  /** The cluster's config.yaml (the README shows it with ports 6123, 8081 and 6124). */
  static final String CONFIG = """
      jobmanager.rpc.address: 127.0.0.1
      jobmanager.bind-host: 127.0.0.1
      jobmanager.rpc.port: %d
      rest.address: 127.0.0.1
      rest.bind-address: 127.0.0.1
      rest.port: %d
      blob.server.port: %d
      taskmanager.host: 127.0.0.1
      taskmanager.bind-host: 127.0.0.1
      taskmanager.numberOfTaskSlots: 2
      taskmanager.memory.process.size: 2560m
      taskmanager.memory.network.min: 512m
      taskmanager.memory.network.max: 512m
      heartbeat.interval: 2000
      heartbeat.timeout: 10000
      """;
  static final String JOB_MANAGER = "java -Xmx512m -cp \"$PRIVFLOW_JAR\" \\\n"
      + "  org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir \"$FLINK_CONF_DIR\"";
  static final String TASK_MANAGER = """
      tm=$(java -cp "$PRIVFLOW_JAR" org.apache.flink.runtime.util.bash.BashJavaUtils GET_TM_RESOURCE_PARAMS \\
        --configDir "$FLINK_CONF_DIR" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p')
      java $(echo "$tm" | sed -n 1p) -cp "$PRIVFLOW_JAR" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \\
        --configDir "$FLINK_CONF_DIR" $(echo "$tm" | sed -n 2p)
      """;
  /** The README's submission; the tests run it with FLINK_REST_PORT set to the cluster's port. */
  static final String SUBMIT = "java -jar \"$PRIVFLOW_JAR\" release --policy policy.yaml --request request.yaml \\\n"
      + "  --runner flink --master 127.0.0.1:$FLINK_REST_PORT --parallelism 2";

  final Path dir;
  final int restPort;
  final Map<String, String> env;
  private final ClusterProcess jobManager;
  private ClusterProcess taskManager;
  private int taskManagers;

  private FlinkSessionCluster(Path dir, int restPort, Map<String, String> env, ClusterProcess jobManager) {
    this.dir = dir;
    this.restPort = restPort;
    this.env = env;
    this.jobManager = jobManager;
  }

  static FlinkSessionCluster start(Path dir) throws Exception {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    int rest = Clusters.freePort();
    Files.writeString(conf.resolve("config.yaml"), CONFIG.formatted(Clusters.freePort(), rest, Clusters.freePort())
        // the tests' own folder for Flink's temporary files, so a killed TaskManager leaves none in /tmp
        + "io.tmp.dirs: " + Files.createDirectories(dir.resolve("tmp")) + "\n");
    Map<String, String> env = Map.of("PRIVFLOW_JAR", Clusters.privflowJar().toString(),
        "FLINK_CONF_DIR", conf.toString(), "FLINK_REST_PORT", String.valueOf(rest));
    FlinkSessionCluster c = new FlinkSessionCluster(dir, rest, env,
        ClusterProcess.start("jobmanager", JOB_MANAGER, env, dir));
    try {
      Clusters.await("the JobManager's REST endpoint", 120, () -> c.overview() != null);
      c.startTaskManager();
    } catch (Exception | AssertionError e) {
      System.out.println(c.logs());
      c.close();
      throw e;
    }
    return c;
  }

  String master() {
    return "127.0.0.1:" + restPort;
  }

  JsonNode overview() {
    return Clusters.getJson(restPort, "/overview");
  }

  JsonNode rest(String path) {
    return Clusters.getJson(restPort, path);
  }

  /** Starts a TaskManager and waits until the JobManager has its slots. */
  void startTaskManager() throws Exception {
    taskManagers++;
    taskManager = ClusterProcess.start("taskmanager-" + taskManagers, TASK_MANAGER, env, dir);
    Clusters.await("a TaskManager with free slots", 120, () -> {
      JsonNode o = overview();
      return o != null && o.path("slots-available").asInt() >= 2;
    });
  }

  /** SIGKILL to the TaskManager's JVM. */
  void killTaskManager() throws InterruptedException {
    taskManager.kill();
  }

  /** The one job in state RUNNING, or null. */
  String runningJob() {
    JsonNode jobs = rest("/jobs/overview");
    if (jobs == null) {
      return null;
    }
    for (JsonNode j : jobs.path("jobs")) {
      if (j.path("state").asText().equals("RUNNING")) {
        return j.path("jid").asText();
      }
    }
    return null;
  }

  String logs() {
    return jobManager.tail() + "\n" + (taskManager == null ? "" : taskManager.tail());
  }

  @Override
  public void close() throws InterruptedException {
    if (taskManager != null) {
      taskManager.close();
    }
    jobManager.close();
  }
}
