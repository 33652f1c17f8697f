package io.privflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #11 item 7, end to end: a request whose public domain is larger than the policy's
 * {@code max_domain_cells} is refused by {@code privflow plan} and {@code privflow release}, naming
 * the rule, before any input is read, before the key is touched and before the ledger exists (so
 * nothing can be reserved).
 *
 * <p>Each request is built so that touching anything the cap should come before fails with another
 * message: its network-events file lacks a required column (read: "the header lacks column(s)"),
 * and the key file is readable by others (touched: "can be read or written by others"). Checked by
 * disabling the domain test in PolicyCheck: the three refusal tests then fail (the release gets as far
 * as the exposed key). About 9 s for the class, 2-3 s a test, most of it the first command's start-up.
 */
class DomainCapCliTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream savedErr;
  private PrintStream savedOut;

  @BeforeEach
  void capture() {
    savedErr = System.err;
    savedOut = System.out;
    System.setErr(new PrintStream(err, true));
    System.setOut(new PrintStream(out, true));
  }

  @AfterEach
  void restore() {
    System.setErr(savedErr);
    System.setOut(savedOut);
  }

  /** The tiny request (3 regions, 3 transition slots: 27 OD cells) against a cap of 26. */
  @Test
  void releaseOverThePolicysCapIsRefusedBeforeAnythingIsTouched() throws Exception {
    Path policy = policyWithCap("26");
    Path req = trap(RequestYaml.tiny()).write(dir);
    int code = Privflow.run("release", "--policy", policy.toString(), "--request", req.toString(),
        "--runner", "direct");
    assertRefused(code, "the public domain has 27 cells (regions and windows), more than the policy's"
        + " max_domain_cells 26");
    assertNothingTouched();
  }

  @Test
  void planOverThePolicysCapIsRefused() throws Exception {
    Path policy = policyWithCap("26");
    Path req = trap(RequestYaml.tiny()).write(dir);
    int code = Privflow.run("plan", "--policy", policy.toString(), "--request", req.toString());
    assertRefused(code, "the public domain has 27 cells (regions and windows), more than the policy's"
        + " max_domain_cells 26");
    assertTrue(out.toString().contains("27 cells in the domain"), out.toString());
    assertFalse(Files.exists(dir.resolve("release")));
    assertFalse(Files.exists(dir.resolve("release.custodian")), "nothing read");
  }

  /** At the cap the same request is not refused by it (the rule is "more than", not "at least"). */
  @Test
  void planAtTheCapIsAllowed() throws Exception {
    Path policy = policyWithCap("27");
    Path req = RequestYaml.tiny().write(dir);
    assertEquals(0, Privflow.run("plan", "--policy", policy.toString(), "--request", req.toString()), err.toString());
  }

  /**
   * Without a cap in the policy the default, 20,000,000 cells, applies: 2,600 regions and 3
   * transition slots make 3 x 2,600^2 = 20,280,000 OD cells. The plan does not build the domain, so
   * this takes well under a second (the region file is about 0.4 MB).
   */
  @Test
  void theDefaultCapRefusesTwentyMillionCells() throws Exception {
    Path policy = Fixtures.policy(dir).file();
    Path regions = grid(52, 50);
    Path req = trap(RequestYaml.tiny().regionsFile(regions)).write(dir);
    int code = Privflow.run("release", "--policy", policy.toString(), "--request", req.toString(),
        "--runner", "direct");
    assertRefused(code, "the public domain has 20280000 cells (regions and windows), more than the policy's"
        + " max_domain_cells 20000000");
    assertNothingTouched();
    // 2,500 regions (18,750,000 cells) are under the default: the same request is then not refused by it
    err.reset();
    Path fewer = trap(RequestYaml.tiny().regionsFile(grid(50, 50))).write(dir);
    Privflow.run("plan", "--policy", policy.toString(), "--request", fewer.toString());
    assertFalse(err.toString().contains("max_domain_cells"), err.toString());
  }

  private void assertRefused(int code, String expected) {
    String text = err.toString();
    assertEquals(1, code, text);
    assertTrue(text.contains(expected), text);
    assertFalse(text.contains("header lacks"), "an input was read: " + text);
    assertFalse(text.contains("by others"), "the key was touched: " + text);
    assertFalse(text.contains("\tat "), "no stack trace: " + text);
  }

  private void assertNothingTouched() {
    assertFalse(Files.exists(dir.resolve("state")), "the ledger was opened");
    assertFalse(Files.exists(dir.resolve("release")));
    assertFalse(Files.exists(dir.resolve("release.custodian")));
    try (var s = Files.list(dir)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".privflow-work")), "a work directory");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The tiny policy with {@code max_domain_cells}. */
  private Path policyWithCap(String cap) throws IOException {
    Path f = Fixtures.policy(dir).file();
    String text = Files.readString(f);
    assertTrue(text.contains("rules: {max_reject_rate: 1}"), text);
    Files.writeString(f, text.replace("rules: {max_reject_rate: 1}", "rules: {max_reject_rate: 1, max_domain_cells: "
        + cap + "}"));
    return f;
  }

  /** An input that fails when read and a key that fails when touched. */
  private RequestYaml trap(RequestYaml r) throws IOException {
    Path bad = dir.resolve("events.csv");
    Files.writeString(bad, "subscriber_id,cell_id\n4511,cA\n");
    Files.setPosixFilePermissions(Fixtures.key(dir), PosixFilePermissions.fromString("rw-r--r--"));
    return r.networkEvents(bad.toString());
  }

  /** A GeoJSON of {@code cols x rows} squares of 0.01 degrees. */
  private Path grid(int cols, int rows) throws IOException {
    StringBuilder b = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for (int i = 0; i < cols; i++) {
      for (int j = 0; j < rows; j++) {
        double x = 10 + i * 0.01;
        double y = 55 + j * 0.01;
        String ring = String.format(java.util.Locale.ROOT,
            "[[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f]]",
            x, y, x + 0.01, y, x + 0.01, y + 0.01, x, y + 0.01, x, y);
        b.append(i + j == 0 ? "" : ",\n").append("{\"type\":\"Feature\",\"properties\":{\"id\":\"r")
            .append(i).append('_').append(j).append("\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[")
            .append(ring).append("]}}");
      }
    }
    Path f = dir.resolve("grid-" + cols + "x" + rows + ".geojson");
    Files.writeString(f, b.append("\n]}\n").toString());
    return f;
  }
}
