package io.privflow.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * TEST ONLY: one process of a cluster (a Flink JobManager or TaskManager, a Spark Master or Worker)
 * started by a test from a README command, run by bash under {@code timeout}, so that it ends after
 * {@value #LIFETIME_SECONDS} s even if the test JVM dies without closing it. Its output goes to a
 * log file in the test's directory. Only processes started here are ever stopped or killed here.
 */
final class ClusterProcess implements AutoCloseable {
  static final int LIFETIME_SECONDS = 900;
  final String name;
  final Path log;
  private final Process process;

  private ClusterProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts {@code script} (a README command: shell lines whose last line starts the JVM, which
   * replaces the shell) with {@code env} added to the environment.
   */
  static ClusterProcess start(String name, String script, Map<String, String> env, Path dir) throws IOException {
    // a README command continues lines with a backslash: one line each, the last one starting the JVM
    List<String> lines = new ArrayList<>(List.of(script.strip().replace("\\\n", " ").split("\n")));
    lines.set(lines.size() - 1, "exec " + lines.get(lines.size() - 1));
    ProcessBuilder pb = new ProcessBuilder("timeout", "--kill-after=10", String.valueOf(LIFETIME_SECONDS), "bash",
        "-euc", String.join("\n", lines));
    pb.environment().putAll(env);
    Path log = dir.resolve(name + ".log");
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new ClusterProcess(name, log, pb.start());
  }

  /** The end of the process's log, for a test's failure message. */
  String tail() {
    try {
      List<String> all = java.nio.file.Files.readAllLines(log);
      return name + " log:\n" + String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      return name + " log unreadable: " + e;
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The JVM (the child of {@code timeout}), once bash has replaced itself with it. */
  Optional<ProcessHandle> jvm() {
    return process.toHandle().children().findFirst();
  }

  /** SIGKILL to the JVM and whatever it started (a Spark Worker's executors die with it anyway). */
  void kill() throws InterruptedException {
    ProcessHandle jvm = jvm().orElseThrow(() -> new IllegalStateException(name + " has no JVM to kill"));
    List<ProcessHandle> all = new ArrayList<>(jvm.descendants().toList());
    jvm.destroyForcibly();
    jvm.onExit().join();
    all.forEach(ProcessHandle::destroyForcibly);
    process.waitFor(20, TimeUnit.SECONDS);
  }

  /** Stops the process: SIGTERM (timeout passes it on), then SIGKILL to what is left after 20 s. */
  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> all = new ArrayList<>(process.toHandle().descendants().toList());
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        h.destroyForcibly();
      }
    }
  }
}
