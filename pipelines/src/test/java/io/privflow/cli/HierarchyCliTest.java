package io.privflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code privflow plan} and {@code release} on a region hierarchy: the split shown, bad hierarchies
 * refused in one line.
 */
class HierarchyCliTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedOut;
  private PrintStream savedErr;

  @BeforeEach
  void capture() {
    savedOut = System.out;
    savedErr = System.err;
    System.setOut(new PrintStream(out, true));
    System.setErr(new PrintStream(err, true));
  }

  @AfterEach
  void restore() {
    System.setOut(savedOut);
    System.setErr(savedErr);
  }

  /** The tiny fixture's regions A, B, C under parents written beside them: A and B in north, C in south. */
  private Path regions(boolean withOrphan) throws Exception {
    String text = Files.readString(Fixtures.tiny("regions.geojson"));
    text = text.replace("\"id\": \"A\"", "\"id\": \"A\", \"up\": \"north\"").replace("\"id\":\"A\"",
        "\"id\":\"A\",\"up\":\"north\"");
    text = text.replace("\"id\": \"B\"", "\"id\": \"B\", \"up\": [\"north\", \"south\"]").replace("\"id\":\"B\"",
        "\"id\":\"B\",\"up\":" + (withOrphan ? "[\"north\",\"south\"]" : "\"north\""));
    text = text.replace("\"id\": \"C\"", "\"id\": \"C\", \"up\": \"south\"").replace("\"id\":\"C\"",
        "\"id\":\"C\"" + (withOrphan ? "" : ",\"up\":\"south\""));
    Path f = dir.resolve("levels.geojson");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void planShowsTheLevelsAndTheirShares() throws Exception {
    Path req = RequestYaml.tiny().regionsFile(regions(false))
        .hierarchy("up", null, "district", "0.7", "zone", "0.3").write(dir);
    int code = Privflow.run("plan", "--policy", Fixtures.policy(dir).file().toString(), "--request", req.toString());
    assertEquals(0, code, err.toString());
    String text = out.toString();
    assertTrue(text.contains("region hierarchy: district (3 regions, 0.7 of each cell metric's budget) in zone (2"
        + " regions, 0.3)"), text);
    assertTrue(text.contains("metric od_district: epsilon 0.7"), text);
    assertTrue(text.contains("metric od_zone: epsilon 0.3"), text);
  }

  @Test
  void aBadHierarchyIsRefusedBeforeAnyDataIsReadWithEveryProblem() throws Exception {
    Path req = RequestYaml.tiny().regionsFile(regions(true)).hierarchy("up", null, "district", "0.7", "zone", "0.3")
        .write(dir);
    int code = Privflow.run("release", "--policy", Fixtures.policy(dir).file().toString(), "--request",
        req.toString(), "--runner", "direct");
    String text = err.toString();
    assertEquals(1, code, text);
    assertEquals(1, text.strip().lines().count(), text);
    assertTrue(text.contains("has 2 problem(s), found before any data was read"), text);
    assertTrue(text.contains("region B (feature #2) has 2 parents"), text);
    assertTrue(text.contains("region C (feature #3) has no parent"), text);
    assertFalse(Files.exists(dir.resolve("state")), "nothing was reserved: the ledger was not even opened");
  }
}
