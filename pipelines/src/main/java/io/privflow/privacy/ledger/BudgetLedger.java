package io.privflow.privacy.ledger;

import io.privflow.privacy.Accounting;
import io.privflow.privacy.Decimals;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The privacy budget ledger, in any SQL database reachable by JDBC (an embedded H2 file by
 * default; a shared PostgreSQL for several hosts).
 *
 * <p>Protocol: a run {@link #reserve}s its cost in every budget period it touches before reading
 * any data; it {@link #commit}s when the release is published, or {@link #cancel}s (gives the
 * budget back) when it fails before anything is visible. Reservation locks the period rows
 * ({@code SELECT ... FOR UPDATE}, in a fixed order), so two runs racing for the last part of a
 * budget are serialised and exactly one of them gets it.
 */
public final class BudgetLedger {
  private static final String SCHEMA_PERIODS = """
      CREATE TABLE IF NOT EXISTS budget_period (
        dataset VARCHAR(128) NOT NULL,
        period VARCHAR(16) NOT NULL,
        accounting VARCHAR(16) NOT NULL,
        total DECIMAL(40, 20) NOT NULL,
        committed DECIMAL(40, 20) NOT NULL,
        reserved DECIMAL(40, 20) NOT NULL,
        PRIMARY KEY (dataset, period))""";
  private static final String SCHEMA_RELEASES = """
      CREATE TABLE IF NOT EXISTS release_entry (
        request_id VARCHAR(128) PRIMARY KEY,
        request_sha256 VARCHAR(64) NOT NULL,
        dataset VARCHAR(128) NOT NULL,
        periods VARCHAR(2000) NOT NULL,
        status VARCHAR(12) NOT NULL,
        cost DECIMAL(40, 20) NOT NULL,
        accounting VARCHAR(16) NOT NULL,
        guarantee VARCHAR(200) NOT NULL,
        metrics VARCHAR(200) NOT NULL,
        requester VARCHAR(500) NOT NULL,
        purpose VARCHAR(1000) NOT NULL,
        reserved_at VARCHAR(40) NOT NULL,
        committed_at VARCHAR(40),
        release_directory VARCHAR(2000),
        manifest_sha256 VARCHAR(64),
        owner VARCHAR(300) NOT NULL)""";

  private final String url;

  private BudgetLedger(String url) {
    this.url = url;
  }

  /** Opens (and on first use creates) the ledger at a JDBC URL. */
  public static BudgetLedger open(String jdbcUrl) {
    BudgetLedger l = new BudgetLedger(jdbcUrl);
    try (Connection c = l.connect(); Statement s = c.createStatement()) {
      s.execute(SCHEMA_PERIODS);
      s.execute(SCHEMA_RELEASES);
    } catch (SQLException e) {
      throw new LedgerException("cannot open the budget ledger (" + redact(jdbcUrl) + "): " + e.getMessage(), e);
    }
    return l;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  /** The JDBC URL without credentials, for messages (the consent audit shares the database). */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password|user)=[^;&]*", "$1=***");
  }

  public Optional<LedgerEntry> find(String requestId) {
    try (Connection c = connect();
        PreparedStatement q = c.prepareStatement("SELECT * FROM release_entry WHERE request_id = ?")) {
      q.setString(1, requestId);
      try (ResultSet r = q.executeQuery()) {
        return r.next() ? Optional.of(entry(r)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new LedgerException("ledger lookup failed: " + e.getMessage(), e);
    }
  }

  /**
   * Holds {@code entry.cost()} in every period of {@code entry.periods()}, each with budget
   * {@code total}; refuses without changing anything if any period has too little left.
   */
  public void reserve(LedgerEntry entry, BigDecimal total) {
    List<String> periods = entry.periods().stream().sorted().toList();
    for (String p : periods) {
      ensurePeriod(entry.dataset(), p, entry.accounting(), total);
    }
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try {
        for (String p : periods) {
          PeriodBalance b = lockPeriod(c, entry.dataset(), p);
          if (b.accounting() != entry.accounting()) {
            throw new LedgerException("dataset " + entry.dataset() + " period " + p + " is accounted in "
                + b.accounting().label() + ", the release in " + entry.accounting().label());
          }
          // The policy may have changed the period's total since the row was made.
          BigDecimal remaining = total.subtract(b.committed()).subtract(b.reserved());
          if (entry.cost().compareTo(remaining) > 0) {
            throw new BudgetExceededException(String.format(
                "refused before reading any data: dataset %s, period %s: budget %s %s, spent %s, held by runs in"
                    + " progress %s, remaining %s, this release requests %s",
                entry.dataset(), p, entry.accounting().unit(), Decimals.plain(total),
                Decimals.plain(b.committed()), Decimals.plain(b.reserved()), Decimals.plain(remaining.max(BigDecimal.ZERO)), Decimals.plain(entry.cost())));
          }
          try (PreparedStatement u = c.prepareStatement(
              "UPDATE budget_period SET total = ?, reserved = reserved + ? WHERE dataset = ? AND period = ?")) {
            u.setBigDecimal(1, total);
            u.setBigDecimal(2, entry.cost());
            u.setString(3, entry.dataset());
            u.setString(4, p);
            u.executeUpdate();
          }
        }
        insert(c, entry);
        c.commit();
      } catch (RuntimeException | SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        throw new LedgerException("request id " + entry.requestId() + " is already in the ledger");
      }
      throw new LedgerException("budget reservation failed: " + e.getMessage(), e);
    }
  }

  /** Spends the reservation for good: the release is being published. */
  public void commit(String requestId, String releaseDirectory, String manifestSha256) {
    settle(requestId, true, releaseDirectory, manifestSha256);
  }

  /** Gives a reservation back: the run failed before anything was published. */
  public void cancel(String requestId) {
    settle(requestId, false, null, null);
  }

  private void settle(String requestId, boolean commit, String dir, String manifest) {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try {
        LedgerEntry e;
        try (PreparedStatement q = c.prepareStatement("SELECT * FROM release_entry WHERE request_id = ? FOR UPDATE")) {
          q.setString(1, requestId);
          try (ResultSet r = q.executeQuery()) {
            if (!r.next()) {
              throw new LedgerException("no reservation for request " + requestId);
            }
            e = entry(r);
          }
        }
        if (e.status() != LedgerEntry.Status.RESERVED) {
          throw new LedgerException("request " + requestId + " is " + e.status() + ", not RESERVED");
        }
        for (String p : e.periods().stream().sorted().toList()) {
          lockPeriod(c, e.dataset(), p);
          // Committing moves the cost from reserved to committed; cancelling only releases it.
          String sql = "UPDATE budget_period SET reserved = reserved - ?, committed = committed + ?"
              + " WHERE dataset = ? AND period = ?";
          try (PreparedStatement u = c.prepareStatement(sql)) {
            u.setBigDecimal(1, e.cost());
            u.setBigDecimal(2, commit ? e.cost() : BigDecimal.ZERO);
            u.setString(3, e.dataset());
            u.setString(4, p);
            u.executeUpdate();
          }
        }
        if (commit) {
          try (PreparedStatement u = c.prepareStatement("UPDATE release_entry SET status = 'COMMITTED', committed_at = ?,"
              + " release_directory = ?, manifest_sha256 = ? WHERE request_id = ?")) {
            u.setString(1, Instant.now().toString());
            u.setString(2, dir);
            u.setString(3, manifest);
            u.setString(4, requestId);
            u.executeUpdate();
          }
        } else {
          try (PreparedStatement d = c.prepareStatement("DELETE FROM release_entry WHERE request_id = ?")) {
            d.setString(1, requestId);
            d.executeUpdate();
          }
        }
        c.commit();
      } catch (RuntimeException | SQLException ex) {
        c.rollback();
        throw ex;
      }
    } catch (SQLException e) {
      throw new LedgerException("ledger update failed: " + e.getMessage(), e);
    }
  }

  /** Every release of a dataset, oldest first. */
  public List<LedgerEntry> entries(String dataset) {
    List<LedgerEntry> out = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement q = c.prepareStatement(
            "SELECT * FROM release_entry WHERE dataset = ? ORDER BY reserved_at, request_id")) {
      q.setString(1, dataset);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.add(entry(r));
        }
      }
    } catch (SQLException e) {
      throw new LedgerException("ledger query failed: " + e.getMessage(), e);
    }
    return out;
  }

  /** Every budget period of a dataset that a release has touched. */
  public List<PeriodBalance> balances(String dataset) {
    List<PeriodBalance> out = new ArrayList<>();
    try (Connection c = connect();
        PreparedStatement q = c.prepareStatement("SELECT * FROM budget_period WHERE dataset = ? ORDER BY period")) {
      q.setString(1, dataset);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.add(balance(r));
        }
      }
    } catch (SQLException e) {
      throw new LedgerException("ledger query failed: " + e.getMessage(), e);
    }
    return out;
  }

  /** Creates a period row if it is missing; a concurrent creation is fine (duplicate key). */
  private void ensurePeriod(String dataset, String period, Accounting accounting, BigDecimal total) {
    try (Connection c = connect();
        PreparedStatement i = c.prepareStatement(
            "INSERT INTO budget_period (dataset, period, accounting, total, committed, reserved) VALUES (?, ?, ?, ?, 0, 0)")) {
      i.setString(1, dataset);
      i.setString(2, period);
      i.setString(3, accounting.label());
      i.setBigDecimal(4, total);
      i.executeUpdate();
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw new LedgerException("ledger update failed: " + e.getMessage(), e);
      }
    }
  }

  private static PeriodBalance lockPeriod(Connection c, String dataset, String period) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(
        "SELECT * FROM budget_period WHERE dataset = ? AND period = ? FOR UPDATE")) {
      q.setString(1, dataset);
      q.setString(2, period);
      try (ResultSet r = q.executeQuery()) {
        if (!r.next()) {
          throw new LedgerException("budget period " + dataset + "/" + period + " is missing");
        }
        return balance(r);
      }
    }
  }

  private static void insert(Connection c, LedgerEntry e) throws SQLException {
    try (PreparedStatement i = c.prepareStatement("INSERT INTO release_entry (request_id, request_sha256, dataset,"
        + " periods, status, cost, accounting, guarantee, metrics, requester, purpose, reserved_at, owner)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      i.setString(1, e.requestId());
      i.setString(2, e.requestSha256());
      i.setString(3, e.dataset());
      i.setString(4, String.join(",", e.periods()));
      i.setString(5, LedgerEntry.Status.RESERVED.name());
      i.setBigDecimal(6, e.cost());
      i.setString(7, e.accounting().label());
      i.setString(8, e.guarantee());
      i.setString(9, e.metrics());
      i.setString(10, e.requester());
      i.setString(11, e.purpose());
      i.setString(12, e.reservedAt());
      i.setString(13, e.owner());
      i.executeUpdate();
    }
  }

  private static LedgerEntry entry(ResultSet r) throws SQLException {
    return new LedgerEntry(r.getString("request_id"), r.getString("request_sha256"), r.getString("dataset"),
        Arrays.asList(r.getString("periods").split(",")), LedgerEntry.Status.valueOf(r.getString("status")),
        r.getBigDecimal("cost"), Accounting.ofLabel(r.getString("accounting")), r.getString("guarantee"), r.getString("metrics"),
        r.getString("requester"), r.getString("purpose"), r.getString("reserved_at"), r.getString("committed_at"),
        r.getString("release_directory"), r.getString("manifest_sha256"), r.getString("owner"));
  }

  private static PeriodBalance balance(ResultSet r) throws SQLException {
    return new PeriodBalance(r.getString("dataset"), r.getString("period"), Accounting.ofLabel(r.getString("accounting")),
        r.getBigDecimal("total"), r.getBigDecimal("committed"), r.getBigDecimal("reserved"));
  }
}
