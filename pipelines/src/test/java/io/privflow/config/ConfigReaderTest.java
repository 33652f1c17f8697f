package io.privflow.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.policy.PolicyException;
import io.privflow.policy.PolicyParser;
import io.privflow.request.ConsentRequestException;
import io.privflow.request.ConsentRequestParser;
import io.privflow.request.RequestException;
import io.privflow.request.RequestParser;
import io.privflow.testing.RequestYaml;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration half of #11 item 16, on request and policy files: a key given twice is an error
 * naming its field path (it used to be accepted, last one winning); a file over 1 MiB is refused by
 * its size before a byte is parsed, so the review's 60 MB YAML comment that hung the parser for
 * minutes is refused at once; nesting deeper than 32 levels is refused with a message saying so.
 * Each test well under a second, but for writing the 60 MB file (about a second on a busy disk).
 */
class ConfigReaderTest {
  @TempDir Path dir;

  private String requestProblems(String yaml) throws Exception {
    Path f = Files.writeString(dir.resolve("request.yaml"), yaml);
    return assertThrows(RequestException.class, () -> RequestParser.parse(f)).getMessage();
  }

  private String policyProblems(String yaml) throws Exception {
    Path f = Files.writeString(dir.resolve("policy.yaml"), yaml);
    return assertThrows(PolicyException.class, () -> PolicyParser.parse(f)).getMessage();
  }

  private static String tiny() {
    return RequestYaml.tiny().yaml().replace("${OUT}", "out");
  }

  @Test
  void aKeyGivenTwiceIsRefusedNamingItsPath() throws Exception {
    String m = requestProblems(tiny() + "request_id: another\n");
    assertTrue(m.contains("request_id: the key is given twice (line"), m);
    String nested = tiny().replace("  epsilon: \"1.0\"\n", "  epsilon: \"1.0\"\n  epsilon: \"9.0\"\n");
    assertTrue(nested.contains("epsilon: \"9.0\""), "the test planted the duplicate");
    m = requestProblems(nested);
    assertTrue(m.contains("privacy.epsilon: the key is given twice (line"), m);
    assertFalse(m.contains("9.0"), "the value is never quoted: " + m);
    m = policyProblems("""
        state_directory: state
        datasets:
          tiny: {budget: 1}
          tiny: {budget: 100}
        """);
    assertTrue(m.contains("datasets.tiny: the key is given twice (line 4)"), m);
  }

  @Test
  void aFileOverOneMebibyteIsRefusedByItsSizeBeforeParsing() throws Exception {
    // not YAML at all: a parser would say so; the size check answers first
    String notYaml = "{[".repeat(ConfigReader.MAX_BYTES / 2) + "x";
    String m = requestProblems(notYaml);
    assertTrue(m.contains("is larger than 1024 KiB; it cannot be a request file"), m);
    assertFalse(m.contains("YAML"), m);
    m = policyProblems(notYaml);
    assertTrue(m.contains("it is too large to be a policy"), m);
  }

  @Test
  void aFileOfExactlyOneMebibyteIsStillRead() throws Exception {
    String yaml = tiny();
    int room = ConfigReader.MAX_BYTES - yaml.length();
    String line = "# " + "x".repeat(97) + "\n"; // short comment lines: one long line is slow to scan
    String padded = yaml + line.repeat(room / line.length()) + "#".repeat(room % line.length() - 1) + "\n";
    Path f = Files.writeString(dir.resolve("request.yaml"), padded);
    assertEquals(ConfigReader.MAX_BYTES, Files.size(f));
    assertEquals("tiny-test", RequestParser.parse(f).requestId(), "the limit is 1 MiB, inclusive");
  }

  @Test
  void aSixtyMegabyteCommentIsRefusedAtOnce() throws Exception {
    Path f = dir.resolve("huge.yaml");
    try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
      w.write(tiny());
      w.write("# ");
      char[] block = "x".repeat(1 << 16).toCharArray();
      for (int i = 0; i < 60 * 16; i++) { // 60 MiB of comment
        w.write(block);
      }
      w.write("\n");
    }
    long start = System.nanoTime();
    var e = assertThrows(RequestException.class, () -> RequestParser.parse(f));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(e.getMessage().contains("is larger than 1024 KiB"), e.getMessage());
    assertTrue(millis < 500, "refused in " + millis + " ms");
    Files.move(f, dir.resolve("policy.yaml"));
    start = System.nanoTime();
    assertThrows(PolicyException.class, () -> PolicyParser.parse(dir.resolve("policy.yaml")));
    millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 500, "refused in " + millis + " ms");
  }

  @Test
  void nestingDeeperThan32LevelsIsRefusedWithAClearMessage() throws Exception {
    // flow style, in a field that expects a text: it used to be skipped and bound
    String m = requestProblems("request_id: " + "[".repeat(100) + "]".repeat(100) + "\n");
    assertTrue(m.contains("is nested deeper than 32 levels (line 1); a configuration file is a page of YAML"), m);
    // block style, under a known section
    StringBuilder block = new StringBuilder("regions:\n");
    String indent = "  ";
    for (int i = 0; i < 40; i++) {
      block.append(indent).append("a:\n");
      indent += "  ";
    }
    block.append(indent).append("b: 1\n");
    m = requestProblems(block.toString());
    assertTrue(m.contains("is nested deeper than 32 levels (line 33)"), m);
    // JSON is YAML: 100,000 levels, in a consent request's subjects (a free-form node), fail the same way
    Path consent = Files.writeString(dir.resolve("consent.yaml"),
        "{\"subjects\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}\n");
    var e = assertThrows(ConsentRequestException.class, () -> ConsentRequestParser.parse(consent));
    assertTrue(e.getMessage().contains("is nested deeper than 32 levels"), e.getMessage());
    m = policyProblems("datasets: " + "{a: ".repeat(40) + "1" + "}".repeat(40) + "\n");
    assertTrue(m.contains("is nested deeper than 32 levels"), m);
  }

  @Test
  void nestingOf32LevelsIsBoundAsUsual() throws Exception {
    // 32 levels (the request mapping and 31 lists): the problem is the field's type, not the depth
    String m = requestProblems("request_id: " + "[".repeat(31) + "]".repeat(31) + "\n");
    assertFalse(m.contains("nested deeper"), m);
    assertTrue(m.contains("request_id[0]: must be a text"), m);
  }
}
