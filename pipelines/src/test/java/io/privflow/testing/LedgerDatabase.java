package io.privflow.testing;

import io.privflow.policy.Policy;
import io.privflow.policy.PolicyParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The two databases the ledger and consent-audit suites run on: the embedded H2 file every
 * policy uses by default, and a real PostgreSQL server named by the environment variable
 * {@value #URL_VARIABLE} (a JDBC URL with user and password; {@code .ci/run} starts Debian's
 * PostgreSQL and sets it). Without the variable the PostgreSQL half of each suite is skipped, and
 * the skip says why. Each test gets a schema of its own, dropped when the JVM ends.
 */
public enum LedgerDatabase {
  H2,
  POSTGRESQL;

  public static final String URL_VARIABLE = "PRIVFLOW_TEST_POSTGRES_URL";
  private static final List<String> SCHEMAS = new ArrayList<>();

  /** The server's URL; skips the calling test (with the reason) when the variable is not set. */
  public static String serverUrl() {
    String url = System.getenv(URL_VARIABLE);
    Assumptions.assumeTrue(url != null && !url.isBlank(), "PostgreSQL half skipped: " + URL_VARIABLE
        + " is not set (.ci/run starts PostgreSQL and sets it; see .ci/postgres)");
    return url;
  }

  /**
   * {@code policy} on this database: unchanged for H2; for PostgreSQL, its file gains a
   * {@code ledger_jdbc_url} naming a fresh schema of the test server, and is parsed again (so child
   * processes given the policy file use the same database).
   */
  public Policy on(Policy policy) throws IOException {
    if (this == H2) {
      return policy;
    }
    Files.writeString(policy.file(), "ledger_jdbc_url: " + freshSchemaUrl() + "\n", StandardOpenOption.APPEND);
    return PolicyParser.parse(policy.file());
  }

  /** A JDBC URL on the test server whose tables go to a schema no other test uses. */
  public static String freshSchemaUrl() {
    String server = serverUrl();
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test schema on " + URL_VARIABLE + ": " + e.getSQLState(), e);
    }
    synchronized (SCHEMAS) {
      if (SCHEMAS.isEmpty()) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchemas(server), "drop-test-schemas"));
      }
      SCHEMAS.add(schema);
    }
    return server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static void dropSchemas(String server) {
    try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
      synchronized (SCHEMAS) {
        for (String schema : SCHEMAS) {
          s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
      }
    } catch (SQLException e) {
      // the CI database is thrown away with its cluster; a developer's keeps a few empty schemas
    }
  }
}
