package io.privflow.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.policy.Policy;
import io.privflow.policy.PolicyParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a release or a consent export may be written (#11 item 9): never over an existing path,
 * never inside the custodian's state directory or custodian-only directory, never inside another
 * release, and every one of these checks on real paths, so a symbolic link anywhere above the
 * output cannot lead it there. The check used to compare path text (consent export) or only ask
 * whether the output existed (release). Milliseconds per test.
 */
class OutputLocationTest {
  @TempDir Path tmp;
  private Path dir;
  private Policy policy;

  @BeforeEach
  void policyWithItsOwnCustodianDirectory() throws Exception {
    dir = tmp.toRealPath();
    Files.createDirectories(dir.resolve("state/releases/q0"));
    Files.createDirectories(dir.resolve("custodian/tiny"));
    Path f = Files.writeString(dir.resolve("policy.yaml"), """
        state_directory: state
        custodian_directory: custodian
        datasets:
          tiny: {budget: 1}
        """);
    policy = PolicyParser.parse(f);
  }

  private String refused(Path target) {
    return assertThrows(OutputLocation.RefusedException.class,
        () -> OutputLocation.check(target, "output.directory", policy)).getMessage();
  }

  @Test
  void aNewDirectoryElsewhereIsAllowedAndItsRealPathReturned() throws Exception {
    assertEquals(dir.resolve("outbox/release"), OutputLocation.check(dir.resolve("outbox/release"), "x", policy));
    Path link = Files.createSymbolicLink(dir.resolve("link"), Files.createDirectories(dir.resolve("public")));
    assertEquals(dir.resolve("public/release"), OutputLocation.check(link.resolve("release"), "x", policy));
  }

  @Test
  void anExistingPathIsRefusedEvenAnEmptyDirectoryOrADanglingLink() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    assertTrue(refused(dir.resolve("empty")).contains("exists already"));
    Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
    assertTrue(refused(dir.resolve("dangling")).contains("exists already"));
  }

  @Test
  void insideTheStateDirectoryIsRefused() {
    String m = refused(dir.resolve("state/releases/q1"));
    assertTrue(m.contains("inside (or holds) the custodian's state directory"), m);
  }

  @Test
  void insideTheCustodianDirectoryIsRefused() {
    String m = refused(dir.resolve("custodian/tiny/release"));
    assertTrue(m.contains("inside (or holds) the custodian's custodian-only directory"), m);
  }

  @Test
  void aSymbolicLinkToTheStateDirectoryIsFollowed() throws Exception {
    Files.createSymbolicLink(dir.resolve("outbox"), dir.resolve("state"));
    String m = refused(dir.resolve("outbox/release"));
    assertTrue(m.contains("state directory"), m);
    // a link higher up, with folders still to be made below it
    Files.createSymbolicLink(dir.resolve("shared"), dir.resolve("state/releases"));
    assertTrue(refused(dir.resolve("shared/2020/03/release")).contains("state directory"));
  }

  @Test
  void aSymbolicLinkToTheCustodianDirectoryIsFollowed() throws Exception {
    Files.createSymbolicLink(dir.resolve("outbox"), dir.resolve("custodian/tiny"));
    String m = refused(dir.resolve("outbox/export"));
    assertTrue(m.contains("custodian-only directory"), m);
  }

  @Test
  void aDirectoryThatWouldHoldTheStateDirectoryIsRefused() throws Exception {
    Path f = Files.writeString(dir.resolve("policy-nested.yaml"), """
        state_directory: later/state
        datasets:
          tiny: {budget: 1}
        """);
    Policy nested = PolicyParser.parse(f);
    var e = assertThrows(OutputLocation.RefusedException.class,
        () -> OutputLocation.check(dir.resolve("later"), "output.directory", nested));
    assertTrue(e.getMessage().contains("inside (or holds)"), e.getMessage());
  }

  @Test
  void insideAnotherReleaseIsRefusedWhicheverMarkerItHoldsAndThroughALink() throws Exception {
    Path withJson = Files.createDirectories(dir.resolve("published/r1"));
    Files.writeString(withJson.resolve("release.json"), "{}");
    assertTrue(refused(withJson.resolve("sub/release")).contains("inside another release"));
    Path withManifest = Files.createDirectories(dir.resolve("published/r2"));
    Files.writeString(withManifest.resolve(Manifest.FILE), "{}");
    assertTrue(refused(withManifest.resolve("release")).contains("holds MANIFEST.json"));
    Files.createSymbolicLink(dir.resolve("inbox"), withJson);
    assertTrue(refused(dir.resolve("inbox/release")).contains("inside another release"));
  }
}
