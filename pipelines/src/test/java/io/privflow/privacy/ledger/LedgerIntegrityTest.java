package io.privflow.privacy.ledger;

import static io.privflow.privacy.ledger.BudgetLedgerTest.TOTAL;
import static io.privflow.privacy.ledger.BudgetLedgerTest.entry;
import static io.privflow.privacy.ledger.BudgetLedgerTest.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.files.KeyFiles;
import io.privflow.policy.Policy;
import io.privflow.privacy.SecureRandoms;
import io.privflow.testing.Fixtures;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import io.privflow.testing.LedgerDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What someone with write access to the ledger's database (but not the custodian's ledger key) can
 * do to it, and that every such change is caught when the ledger is next opened: the budget of a
 * period set back, an entry deleted, the newest entries cut off, an entry forged, another key. Each
 * test runs on the embedded H2 file and on a PostgreSQL server (see LedgerDatabase).
 */
class LedgerIntegrityTest {
  @TempDir Path dir;
  private Policy policy;

  /** Every test starts from a ledger with three published releases on {@code db}. */
  private void threeReleases(LedgerDatabase db) throws Exception {
    policy = db.on(Fixtures.policy(dir));
    BudgetLedger l = BudgetLedger.open(policy);
    publish(l, entry("a", "0.25", "2020-03"));
    publish(l, entry("b", "0.25", "2020-03"));
    publish(l, entry("c", "0.25", "2020-03"));
  }

  private void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(policy.jdbcUrl()); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private String tamperedMessage() {
    return assertThrows(LedgerTamperedException.class, () -> BudgetLedger.open(policy)).getMessage();
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void anUntouchedLedgerOpensAndAddsUp(LedgerDatabase db) throws Exception {
    threeReleases(db);
    BudgetLedger l = BudgetLedger.open(policy);
    assertEquals(0, new BigDecimal("0.75").compareTo(l.balances("ds").get(0).committed()));
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void aSpendSetBackToZeroIsCaught(LedgerDatabase db) throws Exception {
    threeReleases(db);
    sql("UPDATE ledger_log SET body = REPLACE(body, '\"cost\":0.25', '\"cost\":0') WHERE request_id = 'b'");
    String m = tamperedMessage();
    assertTrue(m.contains("was altered") && m.contains("RESERVE b"), m);
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void aDeletedEntryIsCaught(LedgerDatabase db) throws Exception {
    threeReleases(db);
    sql("DELETE FROM ledger_log WHERE seq = 4"); // b's RESERVE
    assertTrue(tamperedMessage().contains("entry 4 is missing"));
  }

  /** Cutting the newest entries off and pointing the head back is consistent by itself: the anchor catches it. */
  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void newestEntriesCutOffAreCaughtByThisHostsAnchor(LedgerDatabase db) throws Exception {
    threeReleases(db);
    String mac;
    try (Connection c = DriverManager.getConnection(policy.jdbcUrl());
        PreparedStatement q = c.prepareStatement("SELECT mac FROM ledger_log WHERE seq = 6")) {
      ResultSet r = q.executeQuery();
      r.next();
      mac = r.getString(1);
    }
    sql("DELETE FROM ledger_log WHERE seq > 6");
    sql("UPDATE ledger_head SET seq = 6, mac = '" + mac + "' WHERE id = 1");
    assertTrue(tamperedMessage().contains("this host has seen entry 9"));
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void aForgedEntryIsCaught(LedgerDatabase db) throws Exception {
    threeReleases(db);
    sql("INSERT INTO ledger_log (seq, kind, request_id, body, mac) VALUES (10, 'CANCEL', 'c', '{}', '"
        + "0".repeat(64) + "')");
    sql("UPDATE ledger_head SET seq = 10, mac = '" + "0".repeat(64) + "' WHERE id = 1");
    assertTrue(tamperedMessage().contains("entry 10"));
  }

  /** Entries swapped in place, each keeping its own MAC: every entry's MAC covers its position. */
  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void reorderedEntriesAreCaught(LedgerDatabase db) throws Exception {
    threeReleases(db);
    sql("UPDATE ledger_log SET seq = -1 WHERE seq = 4"); // b's RESERVE
    sql("UPDATE ledger_log SET seq = 4 WHERE seq = 5"); // b's RUNNING
    sql("UPDATE ledger_log SET seq = 5 WHERE seq = -1");
    String m = tamperedMessage();
    assertTrue(m.contains("entry 4 (RUNNING b) was altered"), m);
  }

  /** Whole releases reordered: c's three entries first, a's last. */
  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void releasesReorderedAreCaught(LedgerDatabase db) throws Exception {
    threeReleases(db);
    sql("UPDATE ledger_log SET seq = seq + 100 WHERE seq <= 3");
    sql("UPDATE ledger_log SET seq = seq - 6 WHERE seq BETWEEN 7 AND 9");
    sql("UPDATE ledger_log SET seq = seq - 94 WHERE seq > 100");
    String m = tamperedMessage();
    assertTrue(m.contains("entry 1 (RESERVE c) was altered"), m);
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void aLedgerKeyOthersCanReadIsRefused(LedgerDatabase db) throws Exception {
    threeReleases(db);
    Files.setPosixFilePermissions(policy.ledgerKeyFile(), PosixFilePermissions.fromString("rw-r--r--"));
    var e = assertThrows(KeyFiles.KeyFileException.class, () -> BudgetLedger.open(policy));
    assertTrue(e.getMessage().contains("the ledger key file " + policy.ledgerKeyFile() + " can be read or written by"
        + " others (rw-r--r--)"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void anotherKeyDoesNotOpenTheLedger(LedgerDatabase db) throws Exception {
    threeReleases(db);
    Files.delete(policy.ledgerKeyFile());
    KeyFiles.create(policy.ledgerKeyFile(), SecureRandoms.create());
    assertTrue(tamperedMessage().contains("ledger"));
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void aStateDirectoryOthersCanReadIsRefused(LedgerDatabase db) throws Exception {
    threeReleases(db);
    Files.setPosixFilePermissions(policy.stateDirectory(), PosixFilePermissions.fromString("rwxr-xr-x"));
    var e = assertThrows(io.privflow.files.OwnerOnly.ExposedException.class, () -> BudgetLedger.open(policy));
    assertTrue(e.getMessage().contains("chmod 700"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void aNewStateDirectoryIsOwnerOnly(LedgerDatabase db) throws Exception {
    threeReleases(db);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(policy.stateDirectory())));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(policy.ledgerKeyFile())));
  }

  /** A run that died: given back if it had read nothing, charged if it may have drawn noise. */
  @ParameterizedTest
  @EnumSource(LedgerDatabase.class)
  void deadRunsAreReclaimedByAnyLaterRun(LedgerDatabase db) throws Exception {
    threeReleases(db);
    BudgetLedger l = BudgetLedger.open(policy);
    l.reserve(entry("reserved-only", "0.05", "2020-03"), TOTAL);
    l.reserve(entry("running", "0.1", "2020-03"), TOTAL);
    l.markRunning("running");
    LedgerEntry alive = new LedgerEntry("alive", "s", "ds", List.of("2020-03"), LedgerEntry.Status.RESERVED,
        new BigDecimal("0.05"), BigDecimal.ZERO, io.privflow.privacy.Accounting.PURE_DP, "g", "od", "r", "p", "t", null, null, null,
        "h:2", "/work/alive");
    l.reserve(alive, TOTAL);
    List<LedgerEntry> settled = l.reclaim(owner -> owner.equals("h:1"));
    assertEquals(Set.of("reserved-only", "running"), Set.copyOf(settled.stream().map(LedgerEntry::requestId).toList()));
    assertTrue(l.find("reserved-only").isEmpty(), "given back");
    assertEquals(LedgerEntry.Status.ABANDONED, l.find("running").orElseThrow().status());
    assertEquals(LedgerEntry.Status.RESERVED, l.find("alive").orElseThrow().status());
    PeriodBalance b = l.balances("ds").get(0);
    assertEquals(0, new BigDecimal("0.85").compareTo(b.committed()), "the abandoned run is charged");
    assertEquals(0, new BigDecimal("0.05").compareTo(b.reserved()));
    var refused = assertThrows(LedgerException.class, () -> l.reserve(entry("running", "0.01", "2020-03"), TOTAL));
    assertTrue(refused.getMessage().contains("ABANDONED"), refused.getMessage());
  }
}
