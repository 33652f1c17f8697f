package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.engine.RunnerChoice;
import io.privflow.files.OwnerOnly;
import io.privflow.policy.Policy;
import io.privflow.policy.PolicyParser;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The custodian directory holds rejected records with pseudonyms, exact counts and the inputs'
 * SHA-256: the files and folders below it are written with default permissions (Beam's writers
 * included), so the directory itself is owner-only, or the run is refused before anything is
 * reserved or read. The default one lies in the owner-only state directory; a policy may put it
 * anywhere, and that is the case checked here. One tiny release, a few seconds.
 */
class CustodianDirectoryTest {
  @TempDir Path dir;

  private Policy policyWithCustodianDirectory(Path custodian) throws Exception {
    Fixtures.policy(dir);
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, Files.readString(file) + "custodian_directory: " + custodian + "\n");
    return PolicyParser.parse(file);
  }

  @Test
  void aCustodianDirectoryOthersCanReadIsRefusedBeforeAnythingIsReserved() throws Exception {
    Path custodian = Files.createDirectories(dir.resolve("custodian-elsewhere"));
    Files.setPosixFilePermissions(custodian, PosixFilePermissions.fromString("rwxr-xr-x"));
    Policy policy = policyWithCustodianDirectory(custodian);
    ReleaseRequest r = RequestParser.parse(RequestYaml.tiny().write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy);
    var e = assertThrows(OwnerOnly.ExposedException.class,
        () -> run.execute(run.plan(r), RunnerChoice.DIRECT.options(2, null)));
    assertTrue(e.getMessage().contains(custodian + " can be read by others (rwxr-xr-x)"), e.getMessage());
    assertTrue(e.getMessage().contains("chmod 700 " + custodian), e.getMessage());
    assertEquals(List.of(), BudgetLedger.open(policy).entries("tiny"), "nothing reserved");
    assertFalse(Files.exists(r.outputDirectory()), "nothing published");
    try (var s = Files.list(custodian)) {
      assertEquals(0, s.count(), "nothing written there");
    }
  }

  @Test
  void aNewCustodianDirectoryIsMadeOwnerOnly() throws Exception {
    Path custodian = dir.resolve("new/custodian");
    Policy policy = policyWithCustodianDirectory(custodian);
    ReleaseRequest r = RequestParser.parse(RequestYaml.tiny().write(dir));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy);
    run.execute(run.plan(r), RunnerChoice.DIRECT.options(2, null));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(custodian)));
    assertTrue(Files.isRegularFile(policy.custodianFilesOf("tiny", r.requestId()).resolve("run-summary.json")));
  }
}
