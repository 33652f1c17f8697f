package io.privflow.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privflow.engine.RunnerChoice;
import io.privflow.files.LocalParquet;
import io.privflow.policy.Policy;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.request.ConsentRequestException;
import io.privflow.request.RequestException;
import io.privflow.request.RequestParser;
import io.privflow.schemas.ConsentRecord;
import io.privflow.testing.Fixtures;
import io.privflow.testing.ParquetPages;
import io.privflow.testing.RawIdentifierScan;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consent rules end to end on the tiny fixtures (DirectRunner), each case with its audit
 * entry. The export happens "now" = 2020-03-10; the events span 2020-03-01 to 2020-03-05 (UTC).
 *
 * <p>Subject 4522222222 has five events: 03-01 07:00 (cA, region A), 12:00 (cA, A), 13:00 (cB, B),
 * 03-02 07:00 (cC, C) and 03-04 07:00 (cA, A).
 */
class ConsentExportTest {
  static final String HEADER = "subject_id,purpose,granted_at,valid_until,revoked_at,consent_text_version,channel\n";
  static final String PHR = "public_health_research";
  /** The test policy's consent_purposes: public_health is a purpose of its own, however close its name. */
  static final List<String> PURPOSES = List.of(PHR, "traffic_planning", "public_health");
  static final Instant NOW = Instant.parse("2020-03-10T00:00:00Z");
  static final List<String> ALL_2222 = List.of("2020-03-01T07:00Z", "2020-03-01T12:00Z", "2020-03-01T13:00Z",
      "2020-03-02T07:00Z", "2020-03-04T07:00Z");

  @TempDir Path dir;
  Policy policy;
  final ByteArrayOutputStream console = new ByteArrayOutputStream();
  int runs;

  @BeforeEach
  void setUp() throws Exception {
    policy = Fixtures.policy(dir, PURPOSES);
  }

  /** Request YAML for the tiny inputs; {@code registryLine} is the whole consent_registry line or "". */
  String request(String purpose, String subjects, String detail, String registryLine, String out) throws Exception {
    return request(dir, purpose, subjects, detail, registryLine, out);
  }

  static String request(Path dir, String purpose, String subjects, String detail, String registryLine, String out)
      throws Exception {
    Fixtures.key(dir);
    return """
        requester:
          organisation: Test Institute
          contact: test@example.org
        purpose: %s
        legal_basis: consent (GDPR Art. 6(1)(a))
        time:
          start: 2020-03-01
          end: 2020-03-05
          zone: UTC
        subjects: %s
        inputs:
          network_events: [%s]
          gps_events: [%s]
          cells: [%s]
          %s
        regions:
          file: %s
        output:
          %s
          directory: %s
        """.formatted(purpose, subjects, Fixtures.tiny("network_events.csv"), Fixtures.tiny("gps_events.csv"),
            Fixtures.tiny("cells.csv"), registryLine, Fixtures.tiny("regions.geojson"), detail, out);
  }

  Path writeRegistry(String rows) throws Exception {
    Path f = dir.resolve("registry-" + runs + ".csv");
    Files.writeString(f, HEADER + rows);
    return f;
  }

  ConsentExportRun.Outcome export(String rows, String purpose, String subjects, String detail) throws Exception {
    Path registry = writeRegistry(rows);
    return exportWith("consent_registry: [" + registry + "]", purpose, subjects, detail);
  }

  ConsentExportRun.Outcome exportWith(String registryLine, String purpose, String subjects, String detail)
      throws Exception {
    runs++;
    Path out = dir.resolve("export-" + runs);
    Path req = dir.resolve("request-" + runs + ".yaml");
    Files.writeString(req, request(purpose, subjects, detail, registryLine, out.toString()));
    return new ConsentExportRun(new PrintStream(console, true), Clock.fixed(NOW, ZoneOffset.UTC))
        .execute(req, policy, RunnerChoice.DIRECT.options(2, null));
  }

  ConsentExportRun.Outcome points(String rows, String subjects) throws Exception {
    return export(rows, PHR, subjects, "detail: raw_points");
  }

  /** "subject event_time" of every exported raw point, times as in the CSV but without seconds. */
  static List<String> rows(ConsentExportRun.Outcome o) throws Exception {
    List<String> lines = Files.readAllLines(o.request().outputDirectory().resolve(ExportFiles.CSV));
    List<String> out = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",");
      out.add(f[0].replace("\"", "") + " " + f[1]);
    }
    return out;
  }

  static List<String> times(String subject, List<String> times) {
    return times.stream().map(t -> subject + " " + t).toList();
  }

  JsonNode report(ConsentExportRun.Outcome o) throws Exception {
    return new ObjectMapper().readTree(o.request().outputDirectory().resolve(ConsentExportRun.REPORT).toFile());
  }

  AuditEntry lastAudit() {
    List<AuditEntry> all = ConsentAudit.open(policy).entries();
    // A run that publishes adds a completion (EXPORTED naming its IN_PROGRESS entry) to its one entry.
    assertEquals(runs, all.stream().filter(e -> e.completes() == 0).count(), "one audit entry per run");
    assertEquals(List.of(), ConsentAudit.uncompleted(all), "every IN_PROGRESS entry is completed");
    return all.get(all.size() - 1);
  }

  @Test
  void subjectWithoutConsentGetsNothingAndTheReportDoesNotSayWhetherItHasData() throws Exception {
    var o = points("4522222222," + PHR + ",2020-02-01T00:00:00Z,,,v1,app\n",
        "[\"4511111111\", \"+45 22 22 22 22\", \"4599999999\", \"4544444444\"]");
    assertEquals(times("4522222222", ALL_2222), rows(o));
    JsonNode subjects = report(o).path("subjects");
    assertEquals(4, subjects.size());
    assertEquals("exported", subjects.get(1).path("status").asText());
    assertEquals("4522222222", subjects.get(1).path("subject_id").asText(), "the registry's spelling");
    // 4511111111 and 4544444444 have events, 4599999999 has none: their entries are identical but for the index
    for (int i : new int[] {0, 2, 3}) {
      JsonNode s = subjects.get(i);
      assertEquals(ConsentExportRun.NOT_EXPORTED, s.path("status").asText());
      assertEquals(List.of("request_index", "status"), fieldNames(s));
    }
    AuditEntry a = lastAudit();
    assertEquals(AuditEntry.Decision.EXPORTED, a.decision());
    assertEquals("4", a.subjectsRequested());
    assertEquals(1, a.subjectsConsenting());
    assertEquals(1, a.subjectsExported());
    assertEquals(5, a.rowsExported());
    assertEquals(PHR, a.purpose());
    assertEquals("consent (GDPR Art. 6(1)(a))", a.legalBasis());
    assertEquals("Test Institute <test@example.org>", a.requester());
    assertEquals(64, a.requestSha256().length());
    assertEquals(NOW.toString(), a.loggedAt());
  }

  @Test
  void expiredConsentCoversOnlyEventsBeforeValidUntil() throws Exception {
    var o = points("4522222222," + PHR + ",2020-02-01T00:00:00Z,2020-03-02T07:00:00Z,,v1,app\n", "all_consenting");
    // valid_until is exclusive: the event at exactly 03-02 07:00 is no longer covered
    assertEquals(times("4522222222", ALL_2222.subList(0, 3)), rows(o));
    assertEquals(3, lastAudit().rowsExported());

    var expiredBefore = points("4522222222," + PHR + ",2020-01-01T00:00:00Z,2020-02-01T00:00:00Z,,v1,app\n",
        "[\"4522222222\"]");
    assertEquals(List.of(), rows(expiredBefore));
    assertEquals(ConsentExportRun.NOT_EXPORTED, report(expiredBefore).path("subjects").get(0).path("status").asText());
    AuditEntry a = lastAudit();
    assertEquals(0, a.subjectsConsenting());
    assertEquals(0, a.rowsExported());
  }

  @Test
  void revocationBeforeTheExportStopsAllOfItsDataEvenEarlierEvents() throws Exception {
    // revoked on 03-03: events before (03-01, 03-02) and after (03-04) the revocation are all withheld
    var o = points("4522222222," + PHR + ",2020-02-01T00:00:00Z,,2020-03-03T00:00:00Z,v1,app\n", "[\"4522222222\"]");
    assertEquals(List.of(), rows(o));
    assertEquals(ConsentExportRun.NOT_EXPORTED, report(o).path("subjects").get(0).path("status").asText());
    AuditEntry a = lastAudit();
    assertEquals(AuditEntry.Decision.EXPORTED, a.decision());
    assertEquals(0, a.subjectsExported());
    assertEquals(0, a.rowsExported());

    // a withdrawal dated after the export has not taken effect yet: the events before it are covered
    var later = points("4522222222," + PHR + ",2020-02-01T00:00:00Z,,2020-03-20T00:00:00Z,v1,app\n", "all_consenting");
    assertEquals(times("4522222222", ALL_2222), rows(later));
  }

  @Test
  void consentForAnotherPurposeIsNoConsent() throws Exception {
    // public_health is another purpose of the policy: a close name is not the same purpose
    var o = points("4522222222,traffic_planning,2020-02-01T00:00:00Z,,,v1,app\n"
        + "4511111111,public_health,2020-02-01T00:00:00Z,,,v1,app\n", "[\"4522222222\", \"4511111111\"]");
    assertEquals(List.of(), rows(o));
    assertEquals(0, lastAudit().subjectsConsenting());
  }

  @Test
  void consentGivenDuringTheRangeCoversOnlyLaterEvents() throws Exception {
    var o = points("4522222222," + PHR + ",2020-03-01T12:30:00Z,,,v1,app\n", "all_consenting");
    assertEquals(times("4522222222", ALL_2222.subList(2, 5)), rows(o));
    assertEquals(3, lastAudit().rowsExported());
  }

  @Test
  void twoPurposesOfOneSubjectAreKeptApart() throws Exception {
    String registry = "4522222222,traffic_planning,2020-02-01T00:00:00Z,,,v1,app\n"
        + "4522222222," + PHR + ",2020-03-02T00:00:00Z,,,v2,web\n";
    var health = points(registry, "all_consenting");
    assertEquals(times("4522222222", ALL_2222.subList(3, 5)), rows(health));
    assertEquals(2, lastAudit().rowsExported());
    var traffic = export(registry, "traffic_planning", "all_consenting", "detail: raw_points");
    assertEquals(times("4522222222", ALL_2222), rows(traffic));
    assertEquals("traffic_planning", lastAudit().purpose());
    assertEquals(5, lastAudit().rowsExported());
  }

  @Test
  void reConsentAfterWithdrawalCoversOnlyEventsFromTheNewGrant() throws Exception {
    var o = points("4522222222," + PHR + ",2020-02-01T00:00:00Z,,2020-03-01T12:00:00Z,v1,app\n"
        + "4522222222," + PHR + ",2020-03-02T00:00:00Z,,,v2,app\n", "all_consenting");
    assertEquals(times("4522222222", ALL_2222.subList(3, 5)), rows(o));
    assertEquals(1, lastAudit().subjectsExported());
  }

  @Test
  void aWithdrawalAlsoCancelsAnEarlierGrantRowOfThePurpose() throws Exception {
    // two grant rows, the later one withdrawn: the withdrawal is of the purpose, not of one row
    var o = points("4522222222," + PHR + ",2020-01-01T00:00:00Z,,,v1,app\n"
        + "4522222222," + PHR + ",2020-02-01T00:00:00Z,,2020-03-05T00:00:00Z,v2,web\n", "all_consenting");
    assertEquals(List.of(), rows(o));
  }

  @Test
  void missingRegistryIsRefusedAndAudited() throws Exception {
    var e = assertThrows(ConsentRefusedException.class, () -> exportWith("", PHR, "all_consenting",
        "detail: raw_points"));
    assertTrue(e.getMessage().startsWith("no consent registry"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("export-" + runs)));
    AuditEntry a = lastAudit();
    assertEquals(AuditEntry.Decision.REFUSED, a.decision());
    assertEquals("all", a.subjectsRequested());
    assertEquals(0, a.rowsExported());
    assertTrue(a.reason().startsWith("no consent registry"), a.reason());

    assertThrows(ConsentRefusedException.class, () -> exportWith(
        "consent_registry: [" + dir.resolve("absent.csv") + "]", PHR, "all_consenting", "detail: raw_points"));
    assertEquals(AuditEntry.Decision.REFUSED, lastAudit().decision());
  }

  @Test
  void invalidRequestIsRefusedAndAuditedWithoutQuotingValues() throws Exception {
    Path registry = writeRegistry("");
    var e = assertThrows(ConsentRequestException.class, () -> exportWith("consent_registry: [" + registry + "]",
        PHR, "[\"4511111111\", \"  \"]", "detail: everything"));
    assertFalse(e.getMessage().contains("4511111111"));
    AuditEntry a = lastAudit();
    assertEquals(AuditEntry.Decision.REFUSED, a.decision());
    assertEquals("Test Institute <test@example.org>", a.requester());
    assertTrue(a.reason().contains("output.detail") && a.reason().contains("subjects[1]"), a.reason());
  }

  @Test
  void malformedRegistryRowsAreRejectedWithAReasonAndAreNeverConsent() throws Exception {
    var o = points("4511111111," + PHR + ",2020-02-01T00:00:00Z,,,v1,app\n"
            + "4511111111," + PHR + ",2020-02-01T00:00:00Z,,yesterday,v1,app\n" // unreadable withdrawal: fail closed
            + "4533333333," + PHR + ",2020-02-01T00:00:00Z,,,,app\n"            // no consent text version
            + "4544444444," + PHR + ",2020-02-01T00:00:00Z,,,v1\n"              // a column short
            + "4555555555," + PHR + ",2020-02-01T00:00:00Z,2020-01-01T00:00:00Z,,v1,app\n" // expires before grant
            + "   ," + PHR + ",2020-02-01T00:00:00Z,,,v1,app\n"
            + "4522222222," + PHR + ",2020-02-01T00:00:00Z,,,v1,app\n",
        "all_consenting");
    assertEquals(times("4522222222", ALL_2222), rows(o));
    List<String> rejected = Files.readAllLines(
        ConsentExportRun.custodianFiles(policy, o.request(), NOW).resolve("consent-registry-rejected.csv"));
    assertEquals(List.of("file,record_number,reason,detail",
        "registry-0.csv,2,BAD_TIME,revoked_at is not an ISO-8601 instant with a zone offset",
        "registry-0.csv,3,MISSING_FIELD,consent_text_version is missing or empty (consent must be demonstrable)",
        "registry-0.csv,4,MALFORMED_ROW,\"has 6 columns, the header has 7\"",
        "registry-0.csv,5,BAD_VALIDITY,valid_until is not after granted_at",
        "registry-0.csv,6,MISSING_FIELD,subject_id is missing or empty"), rejected);
    assertTrue(console.toString().contains("read 7 = valid 2 + rejected 5"), console.toString());
    AuditEntry a = lastAudit();
    assertEquals(1, a.subjectsConsenting(), "4511111111's valid row does not count next to its unreadable one");
    assertTrue(a.reason().contains("5 rejected"), a.reason());
  }

  @Test
  void parquetRegistryGivesTheSameExportAsCsv() throws Exception {
    Path pq = dir.resolve("registry.parquet");
    try (ParquetWriter<ConsentRecord> w = LocalParquet.writer(pq, ConsentRecord.getClassSchema())) {
      w.write(new ConsentRecord("+45 22 22 22 22", PHR, Instant.parse("2020-03-01T12:30:00Z"), null, null, "v1", "app"));
      w.write(new ConsentRecord("4511111111", PHR, Instant.parse("2020-02-01T00:00:00Z"), null,
          Instant.parse("2020-03-02T00:00:00Z"), "v1", "app"));
      w.write(new ConsentRecord("4533333333", PHR, null, null, null, "v1", "app"));
    }
    var o = exportWith("consent_registry: [" + pq + "]", PHR, "all_consenting", "detail: raw_points");
    // The CSV neutralises an id a spreadsheet would run as a formula (files.CsvCells); Parquet keeps it.
    assertEquals(times("'+45 22 22 22 22", ALL_2222.subList(2, 5)), rows(o));
    try (var r = LocalParquet.reader(o.request().outputDirectory().resolve(ExportFiles.PARQUET))) {
      assertEquals("+45 22 22 22 22", r.read().get("subject_id").toString());
    }
    assertTrue(console.toString().contains("read 3 = valid 2 + rejected 1"), console.toString());
  }

  /**
   * #11 item 12: a consent registry in Parquet with one bit flipped in its subject column, a flip a
   * reader without page checksums decodes silently into other subject ids (consent moved from one
   * subject to another). The page checksum catches it: the export is refused and audited, and
   * nothing is exported. Under a second.
   */
  @Test
  void aDamagedRegistryParquetFileIsRefusedAndAudited() throws Exception {
    Path good = dir.resolve("registry-good.parquet");
    try (ParquetWriter<ConsentRecord> w = LocalParquet.writer(good, ConsentRecord.getClassSchema())) {
      w.write(new ConsentRecord("4522222222", PHR, Instant.parse("2020-02-01T00:00:00Z"), null, null, "v1", "app"));
      w.write(new ConsentRecord("4511111111", "traffic_planning", Instant.parse("2020-02-01T00:00:00Z"), null, null,
          "v1", "app"));
      w.write(new ConsentRecord("4533333333", PHR, Instant.parse("2020-02-01T00:00:00Z"), null, null, "v1", "app"));
    }
    Path bad = ParquetPages.silentFlip(good, dir.resolve("registry.parquet"), "subject_id");
    var e = assertThrows(ConsentRefusedException.class,
        () -> exportWith("consent_registry: [" + bad + "]", PHR, "all_consenting", "detail: raw_points"));
    assertEquals("consent registry registry.parquet is not a readable Parquet file", e.getMessage());
    AuditEntry a = lastAudit();
    assertEquals(AuditEntry.Decision.REFUSED, a.decision());
    assertTrue(a.reason().contains("is not a readable Parquet file"), a.reason());
    assertFalse(Files.exists(dir.resolve("export-" + runs)), "nothing exported");
  }

  @Test
  void regionPerWindowLocatesOnlyTheConsentedEvents() throws Exception {
    var o = export("4522222222," + PHR + ",2020-03-01T12:30:00Z,,,v1,app\n", PHR, "all_consenting",
        "detail: region_per_window\n  window: P1D");
    List<String> csv = Files.readAllLines(o.request().outputDirectory().resolve(ExportFiles.CSV));
    // 03-01: only the 13:00 event (B) is covered, so B, not the morning's A
    assertEquals(List.of("subject_id,window_start,window_end,region",
        "4522222222,2020-03-01T00:00Z,2020-03-02T00:00Z,B",
        "4522222222,2020-03-02T00:00Z,2020-03-03T00:00Z,C",
        "4522222222,2020-03-04T00:00Z,2020-03-05T00:00Z,A"), csv);
    List<String> parquet = new ArrayList<>();
    try (var r = LocalParquet.reader(o.request().outputDirectory().resolve(ExportFiles.PARQUET))) {
      for (GenericRecord g = r.read(); g != null; g = r.read()) {
        parquet.add(g.get("subject_id") + "," + g.get("window_start") + "," + g.get("region"));
      }
    }
    assertEquals(List.of("4522222222,2020-03-01T00:00:00Z,B", "4522222222,2020-03-02T00:00:00Z,C",
        "4522222222,2020-03-04T00:00:00Z,A"), parquet);
    assertEquals(3, lastAudit().rowsExported());
  }

  @Test
  void noRawIdentifierOfANonConsentingSubjectInAnyOutput() throws Exception {
    String registry = "4511111111," + PHR + ",2020-02-01T00:00:00Z,,2020-03-03T00:00:00Z,v1,app\n"
        + "4533333333,traffic_planning,2020-02-01T00:00:00Z,,,v1,app\n"
        + "4544444444," + PHR + ",2020-01-01T00:00:00Z,2020-02-01T00:00:00Z,,v1,app\n"
        + "4555555555," + PHR + ",bad,,,v1,app\n"
        + "4522222222," + PHR + ",2020-02-01T00:00:00Z,,,v1,app\n";
    Path ids = dir.resolve("non-consenting.csv");
    Files.writeString(ids, "id\n4511111111\n+45 11 11 11 11\n4533333333\n+45 33 33 33 33\n4544444444\n"
        + "4555555555\n4566666666\n");
    RawIdentifierScan scan = new RawIdentifierScan().addCsvColumn(ids, "id");
    var points = export(registry, PHR, "[\"4511111111\", \"4533333333\", \"4522222222\", \"4566666666\"]",
        "detail: raw_points");
    var all = export(registry, PHR, "all_consenting", "detail: region_per_window\n  window: P1D");
    assertEquals(times("4522222222", ALL_2222), rows(points));
    for (var o : List.of(points, all)) {
      assertEquals(List.of(), scan.findIn(o.request().outputDirectory(), ConsentExportRun.custodianFiles(policy, o.request(), NOW)));
    }
    assertEquals(List.of(), scan.findInText("console", console.toString()));
    assertEquals(List.of(), scan.findInText("audit", ConsentAudit.open(policy).entries().toString()));
    // the scan has power: the consenting subject is found where it belongs
    assertEquals(1, new RawIdentifierScan().addCsvColumn(ids, "id").findInText("x", "a 4533333333 b").size());
  }

  @Test
  void neverWritesIntoAReleaseOrAnExistingDirectoryAndNeverTouchesTheBudget() throws Exception {
    Path release = Files.createDirectories(dir.resolve("export-" + (runs + 1)));
    var exists = assertThrows(ConsentRefusedException.class,
        () -> points("4522222222," + PHR + ",2020-02-01T00:00:00Z,,,v1,app\n", "all_consenting"));
    assertTrue(exists.getMessage().contains("exists already"), exists.getMessage());
    assertEquals(AuditEntry.Decision.REFUSED, lastAudit().decision());

    // a directory inside a release (its parent holds release.json) is refused too
    Files.writeString(release.resolve("release.json"), "{}");
    runs++;
    Path req = dir.resolve("request-inside.yaml");
    Files.writeString(req, request(PHR, "all_consenting", "detail: raw_points",
        "consent_registry: [" + writeRegistry("") + "]", release.resolve("sub").toString()));
    var inside = assertThrows(ConsentRefusedException.class, () -> new ConsentExportRun(
        new PrintStream(console, true), Clock.fixed(NOW, ZoneOffset.UTC))
        .execute(req, policy, RunnerChoice.DIRECT.options(2, null)));
    assertTrue(inside.getMessage().contains("inside another release"), inside.getMessage());
    assertEquals(AuditEntry.Decision.REFUSED, lastAudit().decision());

    points("4522222222," + PHR + ",2020-02-01T00:00:00Z,,,v1,app\n", "all_consenting");
    BudgetLedger ledger = BudgetLedger.open(policy);
    assertEquals(List.of(), ledger.balances("tiny"), "no budget period was touched");
    assertEquals(List.of(), ledger.entries("tiny"), "no release entry was made");
  }

  /**
   * #11 item 9: the review's consent export reached the state folder through a symbolic link (the
   * check compared path text). Real paths are compared now: refused, audited, nothing written there.
   */
  @Test
  void aSymbolicLinkToTheStateDirectoryIsNoWayIntoIt() throws Exception {
    BudgetLedger.open(policy); // the state directory exists, as it does once any run was made
    Path outbox = Files.createSymbolicLink(dir.resolve("outbox"), policy.stateDirectory());
    runs++;
    Path req = dir.resolve("request-link.yaml");
    Files.writeString(req, request(PHR, "all_consenting", "detail: raw_points",
        "consent_registry: [" + writeRegistry("4522222222," + PHR + ",2020-02-01T00:00:00Z,,,v1,app\n") + "]",
        outbox.resolve("export").toString()));
    var e = assertThrows(ConsentRefusedException.class, () -> new ConsentExportRun(new PrintStream(console, true),
        Clock.fixed(NOW, ZoneOffset.UTC)).execute(req, policy, RunnerChoice.DIRECT.options(2, null)));
    assertTrue(e.getMessage().contains("inside (or holds) the custodian's state directory"), e.getMessage());
    assertEquals(AuditEntry.Decision.REFUSED, lastAudit().decision());
    assertFalse(Files.exists(policy.stateDirectory().resolve("export")), "nothing written into the state directory");
  }

  @Test
  void theAggregateReleaseCannotBePointedAtTheRegistry() throws Exception {
    Path request = RequestYaml.tiny().set("inputs.consent_registry", List.of(writeRegistry(""))).write(dir);
    var e = assertThrows(RequestException.class, () -> RequestParser.parse(request));
    assertTrue(e.getMessage().contains("inputs.consent_registry: unknown field"), e.getMessage());
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
