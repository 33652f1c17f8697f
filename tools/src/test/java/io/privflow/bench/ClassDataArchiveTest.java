package io.privflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's class-data archive (pipelines/pom.xml, `class-data-archive`) is usable by the jar it
 * was made for, and what the README says of a JVM that cannot use it holds: one warning, then the
 * command runs as without it.
 */
class ClassDataArchiveTest {
  private static final Path ROOT = Path.of(System.getProperty("privflow.projectRoot", "."));
  private static final Path JAR = ROOT.resolve("pipelines/target/privflow.jar").toAbsolutePath();
  private static final Path JSA = ROOT.resolve("pipelines/target/privflow.jsa").toAbsolutePath();

  @TempDir Path dir;

  private record Result(int exit, List<String> lines) {}

  private static Result java(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Result(p.exitValue(), out.lines().toList());
  }

  @Test
  void theBuildsArchiveMapsPrivflowsOwnClasses() throws Exception {
    assumeFalse(Boolean.getBoolean("skipClassDataArchive"), "built with -DskipClassDataArchive");
    assertTrue(Files.isRegularFile(JAR), JAR + " (run after `package`)");
    assertTrue(Files.isRegularFile(JSA), JSA + " missing: the build's class-data-archive execution did not run");
    // -Xshare:on: the JVM fails instead of running on without the archive.
    Result r = java("-XX:SharedArchiveFile=" + JSA, "-Xshare:on", "-Xlog:class+load=info", "-jar", JAR.toString(),
        "--version");
    assertEquals(0, r.exit(), String.join("\n", r.lines().subList(Math.max(0, r.lines().size() - 5), r.lines().size())));
    assertTrue(r.lines().stream().anyMatch(l -> l.contains("io.privflow.cli.Privflow source: shared objects file")),
        "privflow's entry point was not mapped from the archive");
    assertTrue(r.lines().stream().anyMatch(l -> l.matches("privflow \\d.*")), "the command printed its version");
  }

  @Test
  void aJarTheArchiveWasNotMadeForRunsWithOneWarning() throws Exception {
    assumeFalse(Boolean.getBoolean("skipClassDataArchive"), "built with -DskipClassDataArchive");
    Path moved = Files.copy(JAR, dir.resolve("privflow.jar"));
    Result r = java("-XX:SharedArchiveFile=" + JSA, "-jar", moved.toString(), "--version");
    assertEquals(0, r.exit());
    List<String> warnings = r.lines().stream().filter(l -> l.contains("[warning][cds")).toList();
    assertEquals(1, warnings.size(), r.lines().toString());
    assertTrue(warnings.get(0).contains("Unable to use shared archive"), warnings.toString());
    assertTrue(r.lines().stream().anyMatch(l -> l.matches("privflow \\d.*")), r.lines().toString());
  }
}
