package io.privflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bench starts the release JVM with the settings the README advises for machines of few cores,
 * the very same flags, and a JVM takes them: the parallel collector, and C2 thresholds fifty times
 * the defaults.
 */
class SmallMachineSettingsTest {
  private static final Path ROOT = Path.of(System.getProperty("privflow.projectRoot", "."));

  @Test
  void theReadmesCommandLineCarriesTheBenchsFlags() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("### A machine of few cores: collector and compiler");
    assertTrue(section >= 0, "README section missing");
    Matcher block = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(block.find(section), "the section's command line");
    List<String> flags = List.of(block.group(1).replace("\\\n", " ").split("\\s+")).stream()
        .filter(f -> f.startsWith("-XX:") && !f.startsWith("-XX:SharedArchiveFile")).toList();
    assertEquals(BenchCommand.ChildRun.SMALL_MACHINE, flags);
  }

  @Test
  void aJvmTakesTheFlags() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
    cmd.addAll(BenchCommand.ChildRun.SMALL_MACHINE);
    cmd.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    // 50 times the defaults (5000, 600, 15000, 40000): a typo'd or ignored flag would show here.
    assertTrue(out.matches("(?s).*Tier4InvocationThreshold\\s+= 250000 .*"), "threshold not applied");
    assertTrue(out.matches("(?s).*Tier4BackEdgeThreshold\\s+= 2000000 .*"), "back-edge threshold not applied");
    assertTrue(out.matches("(?s).*UseParallelGC\\s+= true .*"), "collector not chosen");
  }
}
