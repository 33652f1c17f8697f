package io.privflow.consent;

import static io.privflow.consent.ConsentExportTest.ALL_2222;
import static io.privflow.consent.ConsentExportTest.PHR;
import static io.privflow.consent.ConsentExportTest.rows;
import static io.privflow.consent.ConsentExportTest.times;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.privflow.testing.Fixtures;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Purposes come from the policy's {@code consent_purposes}, and the request's purpose, grant rows
 * and withdrawal rows all compare after one normalisation (case, spaces, '-' and '_' aside). The
 * fixtures and "now" are those of {@link ConsentExportTest}; subject 4522222222 has five events.
 */
class ConsentPurposeTest {
  @TempDir java.nio.file.Path dir;
  ConsentRunner run;

  @BeforeEach
  void setUp() throws Exception {
    run = new ConsentRunner(dir, Fixtures.policy(dir, ConsentExportTest.PURPOSES));
  }

  /** A registry row of subject 4522222222 for {@code purpose}, granted 2020-02-01, withdrawn at {@code revoked}. */
  static String row(String purpose, String revoked) {
    return "4522222222," + purpose + ",2020-02-01T00:00:00Z,," + revoked + ",v1,app\n";
  }

  @Test
  void normalisationTreatsCaseWhitespaceDashesAndUnderscoresAlike() {
    for (String s : List.of(PHR, "Public Health Research", "  PUBLIC-health__research ", "public\u00a0health\tresearch",
        "_public - health - research-")) {
      assertEquals(PHR, ConsentPurposes.normalise(s), s);
    }
    assertEquals("public_health", ConsentPurposes.normalise("Public Health"));
    assertEquals("publichealthresearch", ConsentPurposes.normalise("PublicHealthResearch"), "letters are not split");
    assertEquals("", ConsentPurposes.normalise(" -_ "));
    assertEquals("", ConsentPurposes.normalise(null));

    ConsentPurposes listed = ConsentPurposes.of(List.of("Public Health Research", "---"));
    assertEquals(PHR, listed.keyOf("public-health-research"));
    assertNull(listed.keyOf("public_health"));
    assertNull(listed.keyOf("--"), "a listed purpose of separators only lists nothing");
    assertTrue(ConsentPurposes.of(List.of("--")).isEmpty());
  }

  @Test
  void unknownPurposeIsRefusedBeforeAnyDataIsReadAndAudited() throws Exception {
    var e = assertThrows(ConsentRefusedException.class, () -> run.export(row(PHR, ""), "Marketing", "all_consenting"));
    assertTrue(e.getMessage().startsWith("purpose is not one of the policy's consent_purposes"), e.getMessage());
    assertFalse(e.getMessage().contains("Marketing"), "the request's value is not quoted");
    assertFalse(Files.exists(run.out(1)));
    assertFalse(run.console.toString().contains("consent registry: read"), "the registry was not read");
    assertFalse(Files.exists(run.policy.custodianDirectory().resolve("consent-exports")));
    List<AuditEntry> audit = run.audit();
    assertEquals(1, audit.size());
    assertEquals(AuditEntry.Decision.REFUSED, audit.get(0).decision());
    assertEquals("Marketing", audit.get(0).purpose(), "the audit log records the purpose as requested");
    assertEquals(e.getMessage(), audit.get(0).reason());
    assertEquals(0, audit.get(0).rowsExported());
  }

  @Test
  void aPolicyWithoutConsentPurposesRefusesEveryExport() throws Exception {
    run = new ConsentRunner(dir, Fixtures.policy(dir));
    assertEquals(List.of(), run.policy.consentPurposes());
    var e = assertThrows(ConsentRefusedException.class, () -> run.export(row(PHR, ""), PHR, "all_consenting"));
    assertTrue(e.getMessage().startsWith("purpose: the policy lists no consent_purposes"), e.getMessage());
    assertFalse(Files.exists(run.out(1)));
    assertFalse(run.console.toString().contains("consent registry: read"), "the registry was not read");
    AuditEntry a = run.lastAudit();
    assertEquals(AuditEntry.Decision.REFUSED, a.decision());
    assertEquals(e.getMessage(), a.reason());
  }

  @Test
  void aRegistryRowWithAnUnlistedPurposeIsRejectedIsNeverConsentAndMakesItsSubjectIneligible() throws Exception {
    String registry = row(PHR, "")
        + row("marketing", "2020-03-03T00:00:00Z")                // a withdrawal, but of no listed purpose
        + "4511111111,marketing,2020-02-01T00:00:00Z,,,v1,app\n"  // a grant of no listed purpose
        + "4533333333, -_ ,2020-02-01T00:00:00Z,,,v1,app\n";      // separators only: no purpose at all
    var o = run.export(registry, PHR, "all_consenting");
    // A row of a purpose the policy does not list could be a misspelt withdrawal of this one: fail closed.
    assertEquals(List.of(), rows(o), "a subject with a row of an unlisted purpose is not exported");
    assertEquals(List.of(
        "registry-1.csv,2,UNKNOWN_PURPOSE,purpose is not one of the policy's consent_purposes",
        "registry-1.csv,3,UNKNOWN_PURPOSE,purpose is not one of the policy's consent_purposes",
        "registry-1.csv,4,MISSING_FIELD,purpose is missing or empty"), run.rejectedRows(o));
    assertTrue(run.console.toString().contains("read 4 = valid 1 + rejected 3  {MISSING_FIELD=1, UNKNOWN_PURPOSE=2}"),
        run.console.toString());
    assertEquals(0, run.lastAudit().subjectsConsenting());
    assertTrue(run.lastAudit().reason().contains("3 rejected"), run.lastAudit().reason());
    // the same grant without the unlisted row is exported
    assertEquals(times("4522222222", ALL_2222), rows(run.export(row(PHR, ""), PHR, "all_consenting")));

    // a rejected row is consent for no purpose
    var traffic = run.export(registry, "traffic_planning", "[\"4511111111\"]");
    assertEquals(List.of(), rows(traffic));
    assertEquals(0, run.lastAudit().subjectsConsenting());
  }

  @Test
  void aWithdrawalUnderAnotherSpellingCancelsTheGrant() throws Exception {
    var o = run.export(row(PHR, "") + row("Public Health Research", "2020-03-03T00:00:00Z"), PHR, "[\"4522222222\"]");
    assertEquals(List.of(), rows(o));
    assertEquals(ConsentExportRun.NOT_EXPORTED, new ObjectMapper().readTree(
        o.request().outputDirectory().resolve(ConsentExportRun.REPORT).toFile()).path("subjects").get(0)
        .path("status").asText());
    assertEquals(0, run.lastAudit().subjectsConsenting());

    // and the other way round, with the request under a third spelling
    var other = run.export(row("PUBLIC-HEALTH-RESEARCH", "") + row(PHR, "2020-03-03T00:00:00Z"),
        "Public Health Research", "all_consenting");
    assertEquals(List.of(), rows(other));
    assertEquals(0, run.lastAudit().subjectsExported());
  }

  @Test
  void aGrantUnderAnotherSpellingStillCounts() throws Exception {
    var o = run.export(row(" Public Health  Research ", ""), PHR, "all_consenting");
    assertEquals(times("4522222222", ALL_2222), rows(o));

    var other = run.export(row(PHR, ""), "Public-Health-Research", "[\"4522222222\"]");
    assertEquals(times("4522222222", ALL_2222), rows(other));
    assertEquals("Public-Health-Research", run.lastAudit().purpose());
    assertEquals(5, run.lastAudit().rowsExported());
  }

  @Test
  void anUnreadableRowUnderAnotherSpellingOfThePurposeStillFailsClosed() throws Exception {
    // the second row's withdrawal time cannot be read: it may have withdrawn this purpose
    var o = run.export(row(PHR, "") + row("Public Health Research", "yesterday"), PHR, "all_consenting");
    assertEquals(List.of(), rows(o));
    assertEquals(List.of("registry-1.csv,2,BAD_TIME,revoked_at is not an ISO-8601 instant with a zone offset"),
        run.rejectedRows(o));
  }
}
