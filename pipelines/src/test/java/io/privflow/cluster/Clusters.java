package io.privflow.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privflow.testing.Fixtures;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/** TEST ONLY: what the cluster tests share: the fat jar, free ports on 127.0.0.1, JSON over HTTP, waiting. */
final class Clusters {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private Clusters() {}

  /** pipelines/target/privflow.jar: the cluster tests run after {@code package} (see pipelines/pom.xml). */
  static Path privflowJar() {
    Path jar = Fixtures.projectRoot().resolve("pipelines/target/privflow.jar").toAbsolutePath();
    Assumptions.assumeTrue(Files.isRegularFile(jar), "cluster tests need " + jar + " (mvn package)");
    return jar;
  }

  /** The compiled test classes (the zero-noise mechanism), shipped with in-process submissions. */
  static Path testClasses() {
    return Fixtures.projectRoot().resolve("pipelines/target/test-classes").toAbsolutePath();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** GET http://127.0.0.1:port/path as JSON, or null when nothing answers (yet). */
  static JsonNode getJson(int port, String path) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Waits until {@code done} holds, polling every 100 ms; fails with {@code what} after {@code seconds}. */
  static void await(String what, int seconds, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  /**
   * The {@code --add-opens}/{@code --add-exports} flags this JVM was started with (surefire's
   * argLine, from pipelines/pom.xml): Spark's processes need them on Java 17.
   */
  static String javaOpens() {
    List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports")).toList();
    return String.join(" ", flags);
  }
}
