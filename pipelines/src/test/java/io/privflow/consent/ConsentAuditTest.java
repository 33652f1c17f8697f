package io.privflow.consent;

import static io.privflow.consent.ConsentExportTest.ALL_2222;
import static io.privflow.consent.ConsentExportTest.PHR;
import static io.privflow.consent.ConsentExportTest.rows;
import static io.privflow.consent.ConsentExportTest.times;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import io.privflow.testing.LedgerDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The audit log and the export's publication: an IN_PROGRESS entry is appended before the export
 * is moved into place and a completion naming it after, so no export exists without an entry. The
 * audit database is made to fail at each step (the n-th append of a run), and at every step the
 * test checks that an export that exists has an entry naming its directory. Each test runs on the
 * embedded H2 file and on a PostgreSQL server (see LedgerDatabase).
 */
class ConsentAuditTest {
  static final String GRANT = "4522222222," + PHR + ",2020-02-01T00:00:00Z,,,v1,app\n";

  @TempDir Path dir;
  ConsentRunner run;
  final List<String> observed = new ArrayList<>();

  void setUp(LedgerDatabase db) throws Exception {
    run = new ConsentRunner(dir, db.on(Fixtures.policy(dir, ConsentExportTest.PURPOSES)));
  }

  /**
   * The run's audit log, on connections to the real database, except that the appends numbered in
   * {@code failing} (1 = the run's first append) fail as if the database were down. Before each
   * append it notes whether the export directory exists and which entries name it.
   */
  void auditFailingAt(Integer... failing) {
    Set<Integer> fail = Set.of(failing);
    String url = run.policy.jdbcUrl();
    Path out = run.nextOut();
    run.auditLog = u -> {
      int[] appends = {-1}; // the first connection creates the table
      return ConsentAudit.open(() -> {
        appends[0]++;
        if (appends[0] > 0) {
          observed.add("append " + appends[0] + ": " + state(out));
          if (fail.contains(appends[0])) {
            throw new SQLException("simulated audit database outage");
          }
        }
        return DriverManager.getConnection(url);
      }, "test database");
    };
  }

  /** Whether the export exists, and the decisions of the entries naming its directory. */
  String state(Path out) {
    List<String> naming = run.audit().stream().filter(e -> e.outputDirectory().equals(out.toString()))
        .map(e -> e.decision().name()).toList();
    return (Files.exists(out) ? "export exists" : "no export") + ", entries " + naming;
  }

  /** The invariant: an export directory that exists is named by an IN_PROGRESS or EXPORTED entry. */
  void assertNoExportWithoutAnEntry(Path out) {
    if (Files.exists(out.resolve(ConsentExportRun.REPORT))) {
      assertTrue(run.audit().stream().anyMatch(e -> e.outputDirectory().equals(out.toString())
          && (e.decision() == AuditEntry.Decision.IN_PROGRESS || e.decision() == AuditEntry.Decision.EXPORTED)),
          "the export at " + out + " has an audit entry");
    }
  }

  /** No staged export is left beside the output directory. */
  void assertNoWorkDirectoryLeft() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".privflow-consent-work-")).toList());
    }
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void aPublishedExportHasAnInProgressEntryAndAnExportedEntryCompletingIt(LedgerDatabase db) throws Exception {
    setUp(db);
    auditFailingAt();
    Path out = run.nextOut();
    var o = run.export(GRANT, PHR, "all_consenting");
    assertEquals(times("4522222222", ALL_2222), rows(o));
    // the IN_PROGRESS entry is appended while no export exists, the completion once it does
    assertEquals(List.of("append 1: no export, entries []", "append 2: export exists, entries [IN_PROGRESS]"),
        observed);
    List<AuditEntry> audit = run.audit();
    assertEquals(2, audit.size());
    AuditEntry begun = audit.get(0);
    AuditEntry done = audit.get(1);
    assertEquals(AuditEntry.Decision.IN_PROGRESS, begun.decision());
    assertEquals(0, begun.completes());
    assertEquals(out.toString(), begun.outputDirectory());
    assertEquals(5, begun.rowsExported(), "the figures are on record before the export is published");
    assertEquals(AuditEntry.Decision.EXPORTED, done.decision());
    assertEquals(begun.entryId(), done.completes());
    assertEquals(done, o.audit());
    assertEquals(begun.subjectsConsenting(), done.subjectsConsenting());
    assertEquals(begun.subjectsExported(), done.subjectsExported());
    assertEquals(begun.rowsExported(), done.rowsExported());
    assertEquals(List.of(), ConsentAudit.uncompleted(audit));
    assertTrue(run.console.toString().contains("(audit entries " + begun.entryId() + " and " + done.entryId() + ")"),
        run.console.toString());
    assertNoExportWithoutAnEntry(out);
    assertNoWorkDirectoryLeft();
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void whenTheInProgressEntryCannotBeAppendedNothingIsPublished(LedgerDatabase db) throws Exception {
    setUp(db);
    auditFailingAt(1);
    Path out = run.nextOut();
    var e = assertThrows(ConsentAuditException.class, () -> run.export(GRANT, PHR, "all_consenting"));
    assertTrue(e.getMessage().startsWith("the consent export could not be recorded in the audit log before"
        + " publishing it, so nothing was exported"), e.getMessage());
    assertFalse(Files.exists(out), "no export directory");
    assertNoWorkDirectoryLeft();
    List<AuditEntry> audit = run.audit();
    assertEquals(1, audit.size(), "the database came back for the FAILED entry");
    assertEquals(AuditEntry.Decision.FAILED, audit.get(0).decision());
    assertEquals(0, audit.get(0).completes());
    assertEquals(0, audit.get(0).rowsExported());

    // the database stays down: still nothing published, and the error says the failure is unrecorded
    auditFailingAt(1, 2);
    Path second = run.nextOut();
    var down = assertThrows(ConsentAuditException.class, () -> run.export(GRANT, PHR, "all_consenting"));
    assertTrue(down.getMessage().contains("its FAILED entry could not be appended"), down.getMessage());
    assertTrue(down.getMessage().endsWith("nothing was exported"), down.getMessage());
    assertFalse(Files.exists(second));
    assertEquals(1, run.audit().size());
    assertNoWorkDirectoryLeft();
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void whenTheCompletionCannotBeAppendedTheExportStaysAuditedAsInProgressAndTheRunFails(LedgerDatabase db) throws Exception {
    setUp(db);
    auditFailingAt(2);
    Path out = run.nextOut();
    var e = assertThrows(ConsentAuditException.class, () -> run.export(GRANT, PHR, "all_consenting"));
    assertTrue(e.getMessage().startsWith("the consent export was published at " + out + ", but its audit entry is"
        + " incomplete"), e.getMessage());
    assertTrue(e.getMessage().endsWith("the export exists"), e.getMessage());
    assertTrue(Files.exists(out.resolve(ExportFiles.CSV)), "the export stays");
    List<AuditEntry> audit = run.audit();
    assertEquals(1, audit.size());
    assertEquals(AuditEntry.Decision.IN_PROGRESS, audit.get(0).decision());
    assertEquals(out.toString(), audit.get(0).outputDirectory());
    assertEquals(audit, ConsentAudit.uncompleted(audit));
    assertTrue(e.getMessage().contains("entry " + audit.get(0).entryId() + " records it as IN_PROGRESS"),
        e.getMessage());
    assertEquals("NOT COMPLETED: an export may exist at " + out + "; check it",
        ConsentAudit.uncompletedNote(audit.get(0)));
    assertNoExportWithoutAnEntry(out);
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void whenTheMoveFailsAfterTheInProgressEntryAFailedEntryCompletesIt(LedgerDatabase db) throws Exception {
    setUp(db);
    Path out = run.nextOut();
    String url = run.policy.jdbcUrl();
    int[] appends = {-1};
    // Another process fills the output directory between the IN_PROGRESS entry and the move.
    run.auditLog = u -> ConsentAudit.open(() -> {
      if (++appends[0] == 1) {
        try {
          Files.createDirectories(out);
          Files.writeString(out.resolve("someone-else.txt"), "not ours");
        } catch (java.io.IOException x) {
          throw new SQLException(x);
        }
      }
      return DriverManager.getConnection(url);
    }, "test database");
    assertThrows(java.io.IOException.class, () -> run.export(GRANT, PHR, "all_consenting")); // ENOTEMPTY
    assertEquals(List.of("someone-else.txt"), Files.list(out).map(p -> p.getFileName().toString()).toList(),
        "nothing of the export was published");
    assertNoWorkDirectoryLeft();
    List<AuditEntry> audit = run.audit();
    assertEquals(2, audit.size());
    assertEquals(AuditEntry.Decision.IN_PROGRESS, audit.get(0).decision());
    assertEquals(AuditEntry.Decision.FAILED, audit.get(1).decision());
    assertEquals(audit.get(0).entryId(), audit.get(1).completes());
    assertEquals(0, audit.get(1).rowsExported());
    assertTrue(audit.get(1).reason().startsWith("the export could not be moved into place"), audit.get(1).reason());
    assertEquals(List.of(), ConsentAudit.uncompleted(audit));
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void refusalsAndFailuresBeforePublishingAreOneEntryAndCompleteNothing(LedgerDatabase db) throws Exception {
    setUp(db);
    assertThrows(ConsentRefusedException.class, () -> run.export(GRANT, "marketing", "all_consenting"));
    AuditEntry refused = run.lastAudit();
    assertEquals(AuditEntry.Decision.REFUSED, refused.decision());
    assertEquals(0, refused.completes());

    // the custodian-only folder cannot be made (a file is in the way): the run fails while staging
    Path custodian = run.policy.custodianDirectory().resolve("consent-exports");
    Files.createDirectories(custodian.getParent());
    Files.writeString(custodian, "in the way");
    Path out = run.nextOut();
    assertThrows(java.io.IOException.class, () -> run.export(GRANT, PHR, "all_consenting"));
    assertFalse(Files.exists(out));
    assertNoWorkDirectoryLeft();
    List<AuditEntry> audit = run.audit();
    assertEquals(List.of(AuditEntry.Decision.REFUSED, AuditEntry.Decision.FAILED),
        audit.stream().map(AuditEntry::decision).toList());
    assertEquals(0, audit.get(1).completes());
    assertTrue(audit.get(1).reason().endsWith("; nothing was exported"), audit.get(1).reason());
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void anAuditLogFromBeforeCompletionsGainsTheColumnAndKeepsItsEntries(LedgerDatabase db) throws Exception {
    setUp(db);
    String url = run.policy.jdbcUrl();
    io.privflow.files.OwnerOnly.directory(run.policy.stateDirectory(), "the audit log");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("""
          CREATE TABLE consent_audit (
            entry_id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, logged_at VARCHAR(40) NOT NULL,
            requester VARCHAR(2000) NOT NULL, purpose VARCHAR(2000) NOT NULL, legal_basis VARCHAR(2000) NOT NULL,
            request_sha256 VARCHAR(64) NOT NULL, subjects_requested VARCHAR(20) NOT NULL,
            subjects_consenting INTEGER NOT NULL, subjects_exported INTEGER NOT NULL, rows_exported BIGINT NOT NULL,
            decision VARCHAR(12) NOT NULL, reason VARCHAR(2000) NOT NULL, output_directory VARCHAR(2000) NOT NULL)""");
      s.execute("INSERT INTO consent_audit (logged_at, requester, purpose, legal_basis, request_sha256,"
          + " subjects_requested, subjects_consenting, subjects_exported, rows_exported, decision, reason,"
          + " output_directory) VALUES ('2020-01-01T00:00:00Z', 'Old', 'p', 'b', '', 'all', 1, 1, 3, 'EXPORTED', 'r',"
          + " '/old')");
    }
    run.export(GRANT, PHR, "all_consenting");
    List<AuditEntry> audit = run.audit();
    assertEquals(3, audit.size());
    assertEquals("Old", audit.get(0).requester());
    assertEquals(0, audit.get(0).completes());
    assertEquals(audit.get(1).entryId(), audit.get(2).completes());
    assertEquals(List.of(), ConsentAudit.uncompleted(audit));
  }
}
