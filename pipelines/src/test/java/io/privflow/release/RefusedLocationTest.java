package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.engine.RunnerChoice;
import io.privflow.policy.Policy;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.publish.OutputLocation;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release's {@code output.directory} in a place the custodian keeps to itself (#11 item 9): the
 * review's release inside the state directory silently replaced another release, and a symbolic
 * link led an output into the state folder. Each is refused before the budget is reserved or any
 * data is read, and nothing is written there. No pipeline runs: about a second each.
 */
class RefusedLocationTest {
  @TempDir Path dir;
  private Policy policy;

  @BeforeEach
  void ledgerInUse() throws Exception {
    policy = Fixtures.policy(dir);
    BudgetLedger.open(policy); // the state directory exists, as it does once any run was made
  }

  private String refused(Path output) throws Exception {
    Path sub = Files.createDirectories(dir.resolve("req"));
    ReleaseRequest r = RequestParser.parse(RequestYaml.tiny().output(output).write(sub));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy);
    var e = assertThrows(OutputLocation.RefusedException.class,
        () -> run.execute(run.plan(r), RunnerChoice.DIRECT.options(2, null)));
    assertEquals(List.of(), BudgetLedger.open(policy).entries("tiny"), "nothing reserved");
    assertFalse(Files.exists(output), "nothing written there");
    try (Stream<Path> s = Files.walk(dir)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".privflow-work-")), "no work directory");
    }
    return e.getMessage();
  }

  @Test
  void aReleaseInsideTheStateDirectoryIsRefused() throws Exception {
    String m = refused(policy.releaseCopies().resolve("another-request"));
    assertTrue(m.contains("state directory"), m);
  }

  @Test
  void aReleaseThroughASymbolicLinkToTheStateDirectoryIsRefused() throws Exception {
    Path outbox = Files.createSymbolicLink(dir.resolve("outbox"), policy.stateDirectory());
    String m = refused(outbox.resolve("release"));
    assertTrue(m.contains("state directory"), m);
  }

  @Test
  void aReleaseInsideAnotherReleaseIsRefused() throws Exception {
    Path other = Files.createDirectories(dir.resolve("published"));
    Files.writeString(other.resolve("release.json"), "{}");
    String m = refused(other.resolve("release"));
    assertTrue(m.contains("inside another release"), m);
  }
}
