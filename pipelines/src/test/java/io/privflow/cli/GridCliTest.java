package io.privflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.request.Grid;
import io.privflow.request.GridSystem;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code privflow plan} prints a grid's cell count and the digest a custodian approves it by. */
class GridCliTest {
  @TempDir Path dir;

  @Test
  void planPrintsTheGridsDigest() throws Exception {
    Fixtures.policy(dir);
    Path area = Fixtures.tiny("regions.geojson");
    Path req = RequestYaml.tiny().grid("h3", 5, area).regionSet("tiny-h3-5").write(dir);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(out, true));
    int code;
    try {
      code = Privflow.run("plan", "--policy", dir.resolve("policy.yaml").toString(), "--request", req.toString());
    } finally {
      System.setOut(saved);
    }
    assertEquals(0, code, out.toString());
    String sha = new Grid(GridSystem.H3, 5, null, area).sha256();
    assertTrue(out.toString().contains("region set 'tiny-h3-5': grid h3 resolution 5 over regions.geojson, 136 cells;"
        + " sha256 " + sha + "\n"), out.toString());
  }
}
