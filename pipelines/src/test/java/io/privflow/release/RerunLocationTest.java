package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.engine.RunnerChoice;
import io.privflow.files.FileTrees;
import io.privflow.policy.Policy;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.privacy.ledger.PeriodBalance;
import io.privflow.publish.Manifest;
import io.privflow.publish.ReleaseFailedException;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A re-run of a committed request returns its release only if what sits at the release location is
 * that release: the MANIFEST.json whose SHA-256 the ledger recorded at commit, and exactly the files
 * it lists (#11 item 8). The re-run used to trust any directory whose files matched its own manifest:
 * another request's release, a tampered release whose manifest was rewritten to match, or a release
 * with a file added beside its manifest was reported as "the committed release". Each is refused
 * now, nothing is spent and the location is left as it was.
 *
 * <p>Two real releases (q1 at out1, q2 at out2) are made once, in about 20 s; each case then costs a
 * re-run, which reads no data (well under a second).
 */
class RerunLocationTest {
  @TempDir static Path dir;
  static Policy policy;
  static ReleaseRequest q1;
  /** The files of q1's committed release and of q2's, as published. */
  static Path committed1;
  static Path committed2;

  @BeforeAll
  static void twoReleases() throws Exception {
    policy = Fixtures.policy(dir);
    q1 = request("q1", "out1");
    ReleaseRequest q2 = request("q2", "out2");
    release(q1);
    release(q2);
    committed1 = dir.resolve("committed-q1");
    committed2 = dir.resolve("committed-q2");
    FileTrees.copyFlat(q1.outputDirectory(), committed1);
    FileTrees.copyFlat(q2.outputDirectory(), committed2);
  }

  @BeforeEach
  void emptyLocation() throws Exception {
    FileTrees.delete(q1.outputDirectory());
  }

  private static ReleaseRequest request(String id, String out) throws Exception {
    Path sub = Files.createDirectories(dir.resolve("req-" + id));
    return RequestParser.parse(RequestYaml.tiny().requestId(id).output(dir.resolve(out)).write(sub));
  }

  private static ReleaseRun.Outcome release(ReleaseRequest r) throws Exception {
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy);
    return run.execute(run.plan(r), RunnerChoice.DIRECT.options(2, null));
  }

  /** Re-runs q1 over what the test put at its location: refused, nothing spent, nothing changed there. */
  private static String refused() throws Exception {
    Path out = q1.outputDirectory();
    List<String> before = listing(out);
    var e = assertThrows(ReleaseFailedException.class, () -> release(q1));
    assertTrue(e.getMessage().contains("is not the committed release of request q1"), e.getMessage());
    assertEquals(before, listing(out), "the location is left as it was");
    assertSpent("2");
    return e.getMessage();
  }

  private static List<String> listing(Path d) throws Exception {
    try (var s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void assertSpent(String expected) {
    BigDecimal spent = BudgetLedger.open(policy).balances("tiny").stream().map(PeriodBalance::committed)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertEquals(0, new BigDecimal(expected).compareTo(spent), "spent " + spent);
  }

  @Test
  void theCommittedReleaseItselfIsAcceptedAndAMissingOneRestored() throws Exception {
    // the control: without it, a check that refused everything would pass the tests below
    assertTrue(release(q1).rerun(), "restored from the custodian's copy");
    assertArrayEquals(Files.readAllBytes(committed1.resolve("od_counts.csv")),
        Files.readAllBytes(q1.outputDirectory().resolve("od_counts.csv")));
    assertTrue(release(q1).rerun(), "found in place");
    assertSpent("2");
  }

  @Test
  void anotherRequestsReleaseIsRefused() throws Exception {
    FileTrees.copyFlat(committed2, q1.outputDirectory());
    assertEquals(List.of(), Manifest.verify(q1.outputDirectory()), "q2's release is whole by its own manifest");
    String m = refused();
    assertTrue(m.contains("its MANIFEST.json is not the one recorded in the ledger at commit"), m);
  }

  @Test
  void aReleaseWithARewrittenManifestIsRefused() throws Exception {
    Path out = q1.outputDirectory();
    FileTrees.copyFlat(committed1, out);
    // edit a count and write a manifest that matches the edit: consistent in itself
    Path csv = out.resolve("od_counts.csv");
    List<String> lines = Files.readAllLines(csv);
    Files.writeString(csv, String.join("\n", lines) + "\n" + lines.get(lines.size() - 1) + "\n");
    Manifest.write(out, "q1");
    assertEquals(List.of(), Manifest.verify(out), "the rewritten manifest matches every file");
    String m = refused();
    assertTrue(m.contains("its MANIFEST.json is not the one recorded in the ledger at commit"), m);
  }

  @Test
  void aReleaseWithAnExtraFileIsRefused() throws Exception {
    Path out = q1.outputDirectory();
    FileTrees.copyFlat(committed1, out);
    Files.writeString(out.resolve("od_counts_fixed.csv"), "window_start,window_end\n");
    String m = refused();
    assertTrue(m.contains("od_counts_fixed.csv is not in the manifest"), m);
  }

  @Test
  void aDirectoryWithoutAManifestIsRefused() throws Exception {
    Files.createDirectories(q1.outputDirectory());
    Files.writeString(q1.outputDirectory().resolve("od_counts.csv"), "window_start,window_end\n");
    String m = refused();
    assertTrue(m.contains("it holds no MANIFEST.json"), m);
  }
}
