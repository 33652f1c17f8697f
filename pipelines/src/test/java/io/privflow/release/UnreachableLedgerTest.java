package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.cli.Privflow;
import io.privflow.testing.Fixtures;
import io.privflow.testing.LedgerDatabase;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ledger on a PostgreSQL server the process cannot use fails the run closed before any data is
 * read: one line naming the ledger's URL with its credentials masked, never the password; no
 * release, work directory or custodian file; the request's event inputs are never expanded (here
 * their globs match no file, so a run that reached them would fail with another message).
 */
class UnreachableLedgerTest {
  static final String PASSWORD = "Never-Print-Me-7f3a";
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private Run release(String jdbcUrl) throws Exception {
    Path policy = Fixtures.policy(dir).file();
    Files.writeString(policy, "ledger_jdbc_url: " + jdbcUrl + "\n", StandardOpenOption.APPEND);
    Path request = RequestYaml.tiny().networkEvents(dir.resolve("absent/network_events-*.csv").toString())
        .gpsEvents(dir.resolve("absent/gps_events-*.csv").toString()).output(dir.resolve("release")).write(dir);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    System.setOut(new PrintStream(out, true));
    System.setErr(new PrintStream(err, true));
    try {
      int code = Privflow.run("release", "--policy", policy.toString(), "--request", request.toString(),
          "--runner", "direct");
      return new Run(code, out.toString(), err.toString());
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
  }

  private void assertFailedClosed(Run r) throws Exception {
    assertEquals(1, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("cannot open the budget ledger (jdbc:postgresql://127.0.0.1:"), r.err());
    assertTrue(r.err().contains("password=***") && r.err().contains("nothing was read or spent"), r.err());
    assertFalse((r.out() + r.err()).contains(PASSWORD), "the password is never printed");
    assertFalse(r.out().contains("reserved"), r.out());
    assertFalse(Files.exists(dir.resolve("release")));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".privflow-work")).toList());
    }
    assertFalse(Files.exists(dir.resolve("state/custodian")), "no custodian file");
  }

  @Test
  void aLedgerServerNobodyListensOnFailsClosedWithoutThePassword() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again before the run: nothing listens there
    }
    assertFailedClosed(release("jdbc:postgresql://127.0.0.1:" + port + "/privflow?user=privflow&password=" + PASSWORD
        + "&connectTimeout=5"));
  }

  @Test
  void aWrongPasswordOnARealServerFailsClosedWithoutThePassword() throws Exception {
    String server = LedgerDatabase.serverUrl();
    String wrong = server.replaceAll("password=[^&]*", "password=" + PASSWORD);
    Run r = release(wrong);
    assertFailedClosed(r);
    assertTrue(r.err().contains("password authentication failed"), r.err());
    String real = server.replaceAll(".*password=([^&]*).*", "$1");
    assertFalse((r.out() + r.err()).contains(real), "nor the server's real password");
  }
}
