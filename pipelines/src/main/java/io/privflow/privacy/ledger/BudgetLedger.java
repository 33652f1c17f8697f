package io.privflow.privacy.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privflow.files.KeyFiles;
import io.privflow.files.OwnerOnly;
import io.privflow.policy.Policy;
import io.privflow.privacy.Accounting;
import io.privflow.privacy.Decimals;
import io.privflow.privacy.SecureRandoms;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The privacy budget ledger: an append-only chain of entries in any SQL database reachable by JDBC
 * (an embedded H2 file in the owner-only state directory by default; a shared PostgreSQL for
 * several hosts). Every entry carries an HMAC-SHA256, under the custodian's ledger key, of its
 * content and of the previous entry's MAC; budgets and statuses are computed from the chain, which
 * is checked in full on every operation. An entry edited, deleted or inserted outside privflow
 * breaks the chain and every run refuses the ledger. A host also keeps the newest entry it has seen
 * in an anchor file, so cutting entries off the end is caught too (by that host).
 *
 * <p>Protocol of a release: {@link #reserve} before any data is read; {@link #markRunning} before
 * the pipeline starts (noise may be drawn from then on); {@link #commit} before the release is
 * published, or {@link #cancel} when the run fails while privflow is in control (its noisy values
 * are destroyed unread). A run that dies is settled by the next run ({@link #reclaim}): given back
 * if it had read no data, charged (ABANDONED) if it may have drawn noise. All writes hold one row
 * lock ({@code SELECT ... FOR UPDATE} on the chain's head), so of two runs racing for the last part
 * of a budget exactly one gets it.
 */
public final class BudgetLedger {
  private static final String LOG = """
      CREATE TABLE IF NOT EXISTS ledger_log (
        seq BIGINT PRIMARY KEY,
        kind VARCHAR(16) NOT NULL,
        request_id VARCHAR(128) NOT NULL,
        body VARCHAR(8000) NOT NULL,
        mac VARCHAR(64) NOT NULL)""";
  private static final String HEAD = """
      CREATE TABLE IF NOT EXISTS ledger_head (
        id INT PRIMARY KEY,
        seq BIGINT NOT NULL,
        mac VARCHAR(64) NOT NULL)""";
  /** Wait this long for an embedded database another process is opening, then give up. */
  private static final long CONNECT_PATIENCE_MILLIS = 60_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final byte[] key;
  private final Path anchor;

  private BudgetLedger(String url, byte[] key, Path anchor) {
    this.url = url;
    this.key = key;
    this.anchor = anchor;
  }

  /**
   * Opens (and on first use creates) the policy's ledger and checks its chain. The state directory
   * is made owner-only; a state directory others can read is refused. The ledger key is the
   * policy's {@code ledger_key_file}, made (owner-only) when a new ledger is created.
   */
  public static BudgetLedger open(Policy policy) {
    Path state = OwnerOnly.directory(policy.stateDirectory(), "the ledger and the copies of committed releases");
    boolean fresh;
    try {
      createTables(policy.jdbcUrl());
      try (Connection c = connect(policy.jdbcUrl()); Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT COUNT(*) FROM ledger_log")) {
        r.next();
        fresh = r.getLong(1) == 0;
      }
    } catch (SQLException e) {
      throw unreachable(policy.jdbcUrl(), e);
    }
    Path keyFile = policy.ledgerKeyFile();
    if (fresh && !Files.exists(keyFile)) {
      try {
        KeyFiles.create(keyFile, SecureRandoms.create());
      } catch (IOException e) {
        throw new LedgerException("cannot create the ledger key " + keyFile + " (" + e.getClass().getSimpleName()
            + ")");
      }
    }
    BudgetLedger ledger = new BudgetLedger(policy.jdbcUrl(), KeyFiles.read(keyFile, "the ledger key"),
        state.resolve("ledger.anchor"));
    try {
      ledger.createHead();
    } catch (SQLException e) {
      throw unreachable(policy.jdbcUrl(), e);
    }
    ledger.transact(state1 -> null); // checks the whole chain
    return ledger;
  }

  /** The message of a ledger that cannot be opened: the URL and the database's words, never a password. */
  private static LedgerException unreachable(String url, SQLException e) {
    return new LedgerException("cannot open the budget ledger (" + redact(url) + "): " + redact(e.getMessage())
        + "; nothing was read or spent", e);
  }

  /**
   * Creates the tables on first use. Two processes creating them at the same moment can both pass
   * PostgreSQL's IF NOT EXISTS check, and the slower one then fails on the catalogue's unique key:
   * the tables exist by then, so the statement is simply run again.
   */
  private static void createTables(String url) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = connect(url); Statement s = c.createStatement()) {
        s.execute(LOG);
        s.execute(HEAD);
        return;
      } catch (SQLException e) {
        if (!isDuplicate(e) || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  /**
   * Makes the chain's head row (its genesis) on first use, in a statement of its own: when two
   * processes make it at the same moment, the slower one's duplicate key is expected and harmless,
   * and on PostgreSQL it must not happen inside the transaction that then reads the chain (an error
   * aborts a PostgreSQL transaction).
   */
  private void createHead() throws SQLException {
    try (Connection c = connect();
        PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM ledger_head WHERE id = 1");
        ResultSet r = q.executeQuery()) {
      r.next();
      if (r.getLong(1) > 0) {
        return;
      }
      try (PreparedStatement i = c.prepareStatement("INSERT INTO ledger_head (id, seq, mac) VALUES (1, 0, ?)")) {
        i.setString(1, genesis());
        i.executeUpdate();
      } catch (SQLException e) {
        if (!isDuplicate(e)) {
          throw e; // another run made the head at the same moment: fine
        }
      }
    }
  }

  /** A unique key violated (SQL state 23505 on H2 and PostgreSQL alike). */
  public static boolean isDuplicate(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  private String genesis() {
    return mac(0, "", "GENESIS", "", "privflow budget ledger v1");
  }

  /** The JDBC URL, or a database's message, without credentials (the consent audit shares the database). */
  public static String redact(String text) {
    return text == null ? "" : text.replaceAll("(?i)(password|user)=[^;&\\s]*", "$1=***");
  }

  /**
   * A connection; an embedded database that another process is opening at the same moment is
   * waited for (H2 reports it as in use or locked) instead of failing the run.
   */
  Connection connect() throws SQLException {
    return connect(url);
  }

  /**
   * A connection to the ledger's database (the consent audit shares it), waiting for an embedded
   * database that another process is opening at the same moment instead of failing.
   */
  public static Connection connect(String url) throws SQLException {
    long deadline = System.currentTimeMillis() + CONNECT_PATIENCE_MILLIS;
    long pause = 50;
    while (true) {
      try {
        return DriverManager.getConnection(url);
      } catch (SQLException e) {
        boolean busy = embedded(url) && (isBusy(e) || serverGone(e));
        if (!busy || System.currentTimeMillis() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(pause + (long) (pause * SecureRandoms.create().nextDouble()));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        pause = Math.min(pause * 2, 2_000);
      }
    }
  }

  /** An embedded H2 database: the only kind whose opening races are waited for (a server answers or not). */
  static boolean embedded(String url) {
    return url.startsWith("jdbc:h2:");
  }

  /**
   * Whether an embedded database is busy being opened by another process: H2 says "already in use"
   * (90020), or fails to open it (8000: "Lock file recently modified", "locked by another process",
   * "Another process was faster" while two processes race to serve it). A database that cannot be
   * opened for another reason fails the same way once the patience runs out.
   */
  static boolean isBusy(SQLException e) {
    String m = String.valueOf(e.getMessage());
    return e.getErrorCode() == 90020 || "90020".equals(e.getSQLState())
        || e.getErrorCode() == 8000 || "08000".equals(e.getSQLState())
        || m.contains("locked by another process");
  }

  // ---------------------------------------------------------------------------------------------
  // The operations

  /** The latest attempt of a request id, unless it was cancelled (its id is then free again). */
  public Optional<LedgerEntry> find(String requestId) {
    return Optional.ofNullable(read().latest.get(requestId)).filter(e -> e.status() != LedgerEntry.Status.CANCELLED);
  }

  /**
   * Settles the reservations of runs that died ({@code deadOwner} says which owners are gone): one
   * that had read no data is given back; one that may have drawn noise is charged (ABANDONED), as
   * its noisy values may have outlived it. Returns the settled entries (their work directories are
   * the caller's to remove).
   */
  public List<LedgerEntry> reclaim(Predicate<String> deadOwner) {
    return transact(state -> {
      List<LedgerEntry> settled = new ArrayList<>();
      for (LedgerEntry e : List.copyOf(state.latest.values())) {
        if (e.status().held() && deadOwner.test(e.owner())) {
          boolean drew = e.status() == LedgerEntry.Status.RUNNING;
          state.append(drew ? "ABANDON" : "CANCEL", e.requestId(), body(Map.of("reason", drew
              ? "its run died after it may have drawn noise: charged" : "its run died before reading any data")));
          settled.add(state.latest.get(e.requestId()));
        }
      }
      return settled;
    });
  }

  /** As {@link #reserve(LedgerEntry, BigDecimal, BigDecimal)}, for a release that spends no delta. */
  public void reserve(LedgerEntry entry, BigDecimal total) {
    reserve(entry, total, null);
  }

  /**
   * Holds {@code entry.cost()} (and {@code entry.deltaCost()}) in every period of
   * {@code entry.periods()}, each with budget {@code total} (and {@code deltaTotal}: null when the
   * dataset has no delta budget, which refuses any delta); refuses without changing anything if
   * any period has too little left.
   */
  public void reserve(LedgerEntry entry, BigDecimal total, BigDecimal deltaTotal) {
    transact(state -> {
      LedgerEntry existing = state.latest.get(entry.requestId());
      if (existing != null && existing.status() != LedgerEntry.Status.CANCELLED) {
        throw new LedgerException("request id " + entry.requestId() + " is already in the ledger ("
            + existing.status() + ")");
      }
      Map<String, PeriodBalance> balances = state.balances(entry.dataset());
      for (String p : entry.periods().stream().sorted().toList()) {
        PeriodBalance b = balances.get(p);
        if (b != null && b.accounting() != entry.accounting()) {
          throw new LedgerException("dataset " + entry.dataset() + " period " + p + " is accounted in "
              + b.accounting().label() + ", the release in " + entry.accounting().label());
        }
        BigDecimal spent = b == null ? BigDecimal.ZERO : b.committed();
        BigDecimal held = b == null ? BigDecimal.ZERO : b.reserved();
        BigDecimal remaining = total.subtract(spent).subtract(held);
        if (entry.cost().compareTo(remaining) > 0) {
          throw new BudgetExceededException(String.format(
              "refused before reading any data: dataset %s, period %s: budget %s %s, spent %s, held by runs in"
                  + " progress %s, remaining %s, this release requests %s",
              entry.dataset(), p, entry.accounting().unit(), Decimals.plain(total), Decimals.plain(spent),
              Decimals.plain(held), Decimals.plain(remaining.max(BigDecimal.ZERO)), Decimals.plain(entry.cost())));
        }
        if (entry.deltaCost().signum() > 0) {
          BigDecimal dSpent = b == null ? BigDecimal.ZERO : b.deltaCommitted();
          BigDecimal dHeld = b == null ? BigDecimal.ZERO : b.deltaReserved();
          BigDecimal dLeft = deltaTotal == null ? BigDecimal.ZERO : deltaTotal.subtract(dSpent).subtract(dHeld);
          if (entry.deltaCost().compareTo(dLeft) > 0) {
            throw new BudgetExceededException(String.format("refused before reading any data: dataset %s, period %s:"
                    + " delta budget %s, spent %s, held by runs in progress %s, remaining %s, this release requests"
                    + " %s", entry.dataset(), p, deltaTotal == null ? "none" : Decimals.plain(deltaTotal),
                Decimals.plain(dSpent), Decimals.plain(dHeld), Decimals.plain(dLeft.max(BigDecimal.ZERO)),
                Decimals.plain(entry.deltaCost())));
          }
        }
      }
      ObjectNode b = JSON.valueToTree(entry.withStatus(LedgerEntry.Status.RESERVED));
      b.put("total", Decimals.plain(total));
      state.append("RESERVE", entry.requestId(), b.toString());
      return null;
    });
  }

  /** The run is about to start its pipeline: from now on noise may be drawn. */
  public void markRunning(String requestId) {
    settle(requestId, "RUNNING", Map.of(), Set.of(LedgerEntry.Status.RESERVED));
  }

  /** Spends the reservation for good: the release is being published. */
  public void commit(String requestId, String releaseDirectory, String manifestSha256, Instant at) {
    settle(requestId, "COMMIT", Map.of("committed_at", at.toString(), "release_directory", releaseDirectory,
        "manifest_sha256", manifestSha256), Set.of(LedgerEntry.Status.RUNNING));
  }

  /** Gives a reservation back: the run failed while privflow was in control; nothing was published. */
  public void cancel(String requestId, String reason) {
    settle(requestId, "CANCEL", Map.of("reason", reason),
        Set.of(LedgerEntry.Status.RESERVED, LedgerEntry.Status.RUNNING));
  }

  private void settle(String requestId, String kind, Map<String, String> fields, Set<LedgerEntry.Status> from) {
    transact(state -> {
      LedgerEntry e = state.latest.get(requestId);
      if (e == null || !from.contains(e.status())) {
        throw new LedgerException("request " + requestId + " is " + (e == null ? "not in the ledger" : e.status())
            + "; it cannot be " + kind.toLowerCase(java.util.Locale.ROOT));
      }
      state.append(kind, requestId, body(fields));
      return null;
    });
  }

  /** Every release attempt of a dataset, oldest first (cancelled ones included). */
  public List<LedgerEntry> entries(String dataset) {
    return read().history.stream().filter(e -> e.dataset().equals(dataset)).toList();
  }

  /** Every budget period of a dataset that a release has touched. */
  public List<PeriodBalance> balances(String dataset) {
    return List.copyOf(read().balances(dataset).values());
  }

  /**
   * A keyed digest of {@code text} under the ledger key: something only the custodian can check
   * (a release's public report seals its inputs' fingerprints with it).
   */
  public String seal(String text) {
    return mac(0, "", "SEAL", "", text);
  }

  // ---------------------------------------------------------------------------------------------
  // The chain

  /** The ledger's state, computed from the verified chain. */
  private final class State {
    final Connection connection;
    long seq;
    String mac;
    /** Per request id, its latest attempt. */
    final Map<String, LedgerEntry> latest = new LinkedHashMap<>();
    /** Every attempt, in order of reservation. */
    final List<LedgerEntry> history = new ArrayList<>();
    /** The period totals the latest reservation of each (dataset, period) saw. */
    final Map<String, BigDecimal> totals = new TreeMap<>();

    State(Connection connection, long seq, String mac) {
      this.connection = connection;
      this.seq = seq;
      this.mac = mac;
    }

    void apply(String kind, String requestId, String body) {
      JsonNode b;
      try {
        b = JSON.readTree(body);
      } catch (IOException e) {
        throw new LedgerTamperedException("ledger entry " + seq + " is not readable");
      }
      LedgerEntry e = latest.get(requestId);
      LedgerEntry next = switch (kind) {
        case "RESERVE" -> {
          ObjectNode fields = b.deepCopy();
          fields.remove("total");
          LedgerEntry r = JSON.convertValue(fields, LedgerEntry.class);
          for (String p : r.periods()) {
            totals.put(r.dataset() + "/" + p, new BigDecimal(b.path("total").asText()));
          }
          yield r;
        }
        case "RUNNING" -> e.withStatus(LedgerEntry.Status.RUNNING);
        case "COMMIT" -> e.committed(b.path("committed_at").asText(), b.path("release_directory").asText(),
            b.path("manifest_sha256").asText());
        case "CANCEL" -> e.withStatus(LedgerEntry.Status.CANCELLED);
        case "ABANDON" -> e.withStatus(LedgerEntry.Status.ABANDONED);
        default -> throw new LedgerTamperedException("ledger entry " + seq + " has an unknown kind");
      };
      if (kind.equals("RESERVE")) {
        history.add(next);
      } else {
        history.set(history.lastIndexOf(e), next);
      }
      latest.put(requestId, next);
    }

    /** Appends one entry to the chain (inside the caller's transaction) and applies it. */
    void append(String kind, String requestId, String body) {
      long n = seq + 1;
      String m = mac(n, mac, kind, requestId, body);
      try (PreparedStatement i = connection.prepareStatement(
          "INSERT INTO ledger_log (seq, kind, request_id, body, mac) VALUES (?, ?, ?, ?, ?)");
          PreparedStatement u = connection.prepareStatement("UPDATE ledger_head SET seq = ?, mac = ? WHERE id = 1")) {
        i.setLong(1, n);
        i.setString(2, kind);
        i.setString(3, requestId);
        i.setString(4, body);
        i.setString(5, m);
        i.executeUpdate();
        u.setLong(1, n);
        u.setString(2, m);
        u.executeUpdate();
      } catch (SQLException e) {
        throw new LedgerException("ledger update failed: " + redact(e.getMessage()), e);
      }
      seq = n;
      mac = m;
      apply(kind, requestId, body);
    }

    Map<String, PeriodBalance> balances(String dataset) {
      Map<String, BigDecimal[]> sums = new TreeMap<>();
      Map<String, Accounting> accounting = new TreeMap<>();
      for (LedgerEntry e : latest.values()) {
        if (!e.dataset().equals(dataset)) {
          continue;
        }
        for (String p : e.periods()) {
          BigDecimal[] s = sums.computeIfAbsent(p, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO,
              BigDecimal.ZERO, BigDecimal.ZERO});
          accounting.putIfAbsent(p, e.accounting());
          if (e.status() != LedgerEntry.Status.CANCELLED) { // a cancelled attempt touched the period, spent nothing
            int i = e.status().spent() ? 0 : 1;
            s[i] = s[i].add(e.cost());
            s[i + 2] = s[i + 2].add(e.deltaCost());
          }
        }
      }
      Map<String, PeriodBalance> out = new LinkedHashMap<>();
      sums.forEach((p, s) -> out.put(p, new PeriodBalance(dataset, p, accounting.get(p),
          totals.getOrDefault(dataset + "/" + p, BigDecimal.ZERO), s[0], s[1], s[2], s[3])));
      return out;
    }
  }

  @FunctionalInterface
  private interface Operation<T> {
    T apply(State state);
  }

  /**
   * Runs one operation under the chain's lock: reads and checks the whole chain, lets the operation
   * append, commits, and moves this host's anchor forward.
   */
  private <T> T transact(Operation<T> op) {
    long deadline = System.currentTimeMillis() + CONNECT_PATIENCE_MILLIS;
    while (true) {
      boolean committed = false;
      try (Connection c = connect()) {
        c.setAutoCommit(false);
        try {
          State state = load(c, true);
          T result = op.apply(state);
          c.commit();
          committed = true;
          writeAnchor(state.seq, state.mac);
          return result;
        } catch (RuntimeException | SQLException e) {
          if (!committed) {
            rollbackQuietly(c);
          }
          throw e;
        }
      } catch (SQLException e) {
        // Nothing was committed, so the operation can run again from the chain as it then is.
        if (committed || !serverGone(e) || System.currentTimeMillis() > deadline) {
          throw new LedgerException("ledger update failed: " + redact(e.getMessage()), e);
        }
      }
    }
  }

  /** The verified state, read without a lock (for queries). */
  private State read() {
    long deadline = System.currentTimeMillis() + CONNECT_PATIENCE_MILLIS;
    while (true) {
      try (Connection c = connect()) {
        State s = load(c, false);
        writeAnchor(s.seq, s.mac);
        return s;
      } catch (SQLException e) {
        if (!serverGone(e) || System.currentTimeMillis() > deadline) {
          throw new LedgerException("ledger query failed: " + redact(e.getMessage()), e);
        }
      }
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is gone; the database discards what was not committed
    }
  }

  /**
   * Whether an embedded database's connection broke because the process serving it ended: with
   * H2's automatic mixed mode, the first process to open the file serves the others, and when it
   * exits their connections break (90067) until one of them opens the file itself.
   */
  static boolean serverGone(SQLException e) {
    return e.getErrorCode() == 90067 || "90067".equals(e.getSQLState());
  }

  private State load(Connection c, boolean lock) throws SQLException {
    String genesis = genesis();
    long headSeq;
    String headMac;
    // The head row is the chain's lock: every write holds it (SELECT ... FOR UPDATE) until it commits.
    try (PreparedStatement q = c.prepareStatement("SELECT seq, mac FROM ledger_head WHERE id = 1"
        + (lock ? " FOR UPDATE" : ""))) {
      try (ResultSet r = q.executeQuery()) {
        if (r.next()) {
          headSeq = r.getLong(1);
          headMac = r.getString(2);
        } else if (lock) {
          throw tampered("the chain's head row is missing");
        } else {
          headSeq = 0;
          headMac = genesis;
        }
      }
    }
    if (headSeq == 0 && !headMac.equals(genesis)) {
      throw new LedgerTamperedException("the ledger does not belong to this ledger key (its start does not match)");
    }
    State state = new State(c, 0, genesis);
    String[] seen = readAnchor();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT seq, kind, request_id, body, mac FROM ledger_log ORDER BY seq")) {
      while (r.next()) {
        long seq = r.getLong(1);
        String kind = r.getString(2);
        String id = r.getString(3);
        String body = r.getString(4);
        if (seq != state.seq + 1) {
          throw tampered("entry " + (state.seq + 1) + " is missing");
        }
        if (!mac(seq, state.mac, kind, id, body).equals(r.getString(5))) {
          throw tampered("entry " + seq + " (" + kind + " " + id + ") was altered");
        }
        state.seq = seq;
        state.mac = r.getString(5);
        if (seen != null && seq == Long.parseLong(seen[0]) && !state.mac.equals(seen[1])) {
          throw tampered("entry " + seq + " is not the one this host saw");
        }
        try {
          state.apply(kind, id, body);
        } catch (RuntimeException e) {
          throw tampered("entry " + seq + " does not follow from the ones before it");
        }
      }
    }
    if (state.seq != headSeq || !state.mac.equals(headMac)) {
      throw tampered("its last entry is not the one the chain's head names");
    }
    if (seen != null && Long.parseLong(seen[0]) > state.seq) {
      throw tampered("it ends at entry " + state.seq + " but this host has seen entry " + seen[0]);
    }
    return state;
  }

  private static LedgerTamperedException tampered(String what) {
    return new LedgerTamperedException("the budget ledger was altered outside privflow (" + what + "); nothing"
        + " runs against it until the custodian restores it from a backup and checks it");
  }

  private String mac(long seq, String previous, String kind, String requestId, String body) {
    if (key == null) {
      return "";
    }
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      m.update((seq + "\n" + previous + "\n" + kind + "\n" + requestId + "\n" + body).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(m.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }

  /**
   * The newest entry this host has seen, {seq, mac}, from its anchor file (which carries its own
   * MAC); null before the first entry.
   */
  private String[] readAnchor() {
    if (key == null || !Files.exists(anchor)) {
      return null;
    }
    String[] a;
    try {
      a = Files.readString(anchor, StandardCharsets.US_ASCII).strip().split(" ");
    } catch (IOException e) {
      throw tampered("this host's anchor cannot be read");
    }
    if (a.length != 3 || !a[0].matches("[0-9]{1,18}") || !mac(Long.parseLong(a[0]), a[1], "ANCHOR", "", "").equals(a[2])) {
      throw tampered("this host's anchor was altered");
    }
    return a;
  }

  private void writeAnchor(long seq, String m) {
    if (key == null || seq == 0) {
      return;
    }
    // Each write has its own temporary file: runs of one host (threads or processes) move the anchor
    // concurrently, and a shared name would let one move away the file another is about to move.
    Path tmp = anchor.resolveSibling(anchor.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
    try {
      Files.writeString(tmp, seq + " " + m + " " + mac(seq, m, "ANCHOR", "", "") + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, anchor, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the message below is what matters
      }
      throw new LedgerException("cannot write the ledger anchor " + anchor + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String body(Map<String, String> fields) {
    ObjectNode o = JSON.createObjectNode();
    new TreeMap<>(fields).forEach(o::put);
    return o.toString();
  }
}
