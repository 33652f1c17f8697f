package io.privflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privflow.engine.RunnerChoice;
import io.privflow.files.Digests;
import io.privflow.policy.Policy;
import io.privflow.release.ReleaseRun;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11 item 4: the public report's input seal is one the custodian can check, by the procedure
 * of README "Checking the input seal" (recomputed from the input files, {@code report-custodian.json}
 * and the ledger key), and one changed byte of one input gives another seal.
 *
 * <p>Two real releases of the tiny request under one policy (so one ledger key): the fixture's
 * inputs, and the same with one byte of {@code gps_events.csv} changed (same file name). Checked by
 * making {@code ReleaseRun} seal only the inputs' names (the seal then equal for both releases and
 * not the README's HMAC): all three tests failed. About 20 s for the class, nearly all of it the two
 * DirectRunner releases.
 */
class InputSealTest {
  @TempDir static Path dir;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Policy policy;
  private static ReleaseRequest original;
  private static ReleaseRequest changed;
  private static Path changedGps;

  @BeforeAll
  static void release() throws Exception {
    policy = Fixtures.policy(dir);
    String gps = Files.readString(Fixtures.tiny("gps_events.csv"));
    String once = gps.replaceFirst("2020-03-01T10:00:00Z", "2020-03-01T10:00:01Z");
    assertEquals(gps.length(), once.length());
    assertNotEquals(gps, once);
    changedGps = Files.createDirectories(dir.resolve("changed")).resolve("gps_events.csv");
    Files.writeString(changedGps, once);
    original = request("sealed-original", RequestYaml.tiny());
    changed = request("sealed-changed", RequestYaml.tiny().gpsEvents(changedGps.toString()));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy);
    run.execute(run.plan(original), RunnerChoice.DIRECT.options(2, null));
    run.execute(run.plan(changed), RunnerChoice.DIRECT.options(2, null));
  }

  private static ReleaseRequest request(String id, RequestYaml yaml) throws Exception {
    Path sub = Files.createDirectories(dir.resolve("req-" + id));
    return RequestParser.parse(yaml.requestId(id).output(dir.resolve("release-" + id)).write(sub));
  }

  /** The custodian's check, as the README words it, holds for both releases, against the files themselves. */
  @Test
  void theCustodianRecomputesTheSealFromItsFilesAndTheLedgerKey() throws Exception {
    Map<ReleaseRequest, Path> gpsFile = Map.of(original, Fixtures.tiny("gps_events.csv"), changed, changedGps);
    for (ReleaseRequest r : List.of(original, changed)) {
      JsonNode custodian = custodianReport(r);
      // each input's SHA-256, recomputed from the file the custodian holds
      Map<String, Path> files = Map.of("network_events.csv", Fixtures.tiny("network_events.csv"),
          "gps_events.csv", gpsFile.get(r), "cells.csv", Fixtures.tiny("cells.csv"));
      StringBuilder text = new StringBuilder("0\n\nSEAL\n\n");
      assertEquals(3, custodian.path("inputs").size(), custodian.toString());
      for (JsonNode i : custodian.path("inputs")) {
        String name = i.path("name").asText();
        assertEquals(Digests.sha256(files.get(name)), i.path("sha256").asText(), name);
        text.append(i.path("kind").asText()).append(' ').append(i.path("sha256").asText()).append(' ').append(name)
            .append('\n');
      }
      // HMAC-SHA256 under the 32 bytes of the base64 second line of the ledger key file
      byte[] key = Base64.getDecoder().decode(Files.readAllLines(policy.ledgerKeyFile()).get(1));
      assertEquals(32, key.length);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      String expected = HexFormat.of().formatHex(mac.doFinal(text.toString().getBytes(StandardCharsets.UTF_8)));
      assertEquals(expected, publicSeal(r), r.requestId());
      assertEquals(expected, custodian.path("inputs_seal").asText(), r.requestId());
    }
  }

  /** The README's shell lines, run as written (the key path replaced), give the public seal. */
  @Test
  void theReadmeCommandGivesThePublicSeal() throws Exception {
    for (String tool : List.of("bash", "jq", "openssl", "xxd", "base64")) {
      Assumptions.assumeTrue(onPath(tool), tool + " is not installed");
    }
    String readme = Files.readString(Fixtures.projectRoot().resolve("README.md"));
    int at = readme.indexOf("**Checking the input seal.**");
    assertTrue(at >= 0, "README describes how to check the seal");
    int start = readme.indexOf("```sh\n", at) + "```sh\n".length();
    String script = readme.substring(start, readme.indexOf("```", start));
    assertTrue(script.contains("/var/lib/privflow/ledger.key"), script);
    script = script.replace("/var/lib/privflow/ledger.key", policy.ledgerKeyFile().toString());
    for (ReleaseRequest r : List.of(original, changed)) {
      Process p = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script)
          .directory(policy.custodianFilesOf(r.dataset(), r.requestId()).toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
      assertEquals(publicSeal(r), out, r.requestId());
    }
  }

  /** One byte of one input changed: another SHA-256 for that input only, and another seal. */
  @Test
  void oneChangedInputByteChangesTheSeal() throws Exception {
    assertNotEquals(publicSeal(original), publicSeal(changed));
    JsonNode a = custodianReport(original).path("inputs");
    JsonNode b = custodianReport(changed).path("inputs");
    for (int i = 0; i < a.size(); i++) {
      boolean gps = a.get(i).path("name").asText().equals("gps_events.csv");
      assertEquals(a.get(i).path("name"), b.get(i).path("name"));
      assertEquals(!gps, a.get(i).path("sha256").equals(b.get(i).path("sha256")), a.get(i).toString());
    }
  }

  private static String publicSeal(ReleaseRequest r) throws Exception {
    String seal = JSON.readTree(r.outputDirectory().resolve("report.json").toFile()).at("/lineage/inputs/seal")
        .asText();
    assertTrue(seal.matches("[0-9a-f]{64}"), seal);
    return seal;
  }

  private static JsonNode custodianReport(ReleaseRequest r) throws Exception {
    return JSON.readTree(policy.custodianFilesOf(r.dataset(), r.requestId()).resolve("report-custodian.json").toFile());
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
