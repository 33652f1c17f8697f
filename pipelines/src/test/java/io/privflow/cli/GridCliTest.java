package io.privflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.request.Grid;
import io.privflow.request.GridSystem;
import io.privflow.testing.CliRun;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
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
    CliRun plan = CliRun.of("plan", "--policy", dir.resolve("policy.yaml").toString(), "--request", req.toString());
    assertEquals(0, plan.code(), plan.out());
    String sha = new Grid(GridSystem.H3, 5, null, area).sha256();
    assertTrue(plan.out().contains("region set 'tiny-h3-5': grid h3 resolution 5 over regions.geojson, 136 cells;"
        + " sha256 " + sha + "\n"), plan.out());
  }
}
