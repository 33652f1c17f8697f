package io.privflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.testing.CliRun;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad request gets one clear line on stderr and a non-zero exit code, never a stack trace. */
class PrivflowCliTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedErr;

  @BeforeEach
  void captureStderr() {
    savedErr = System.err;
    System.setErr(new PrintStream(err, true));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(savedErr);
  }

  private void assertOneLineError(int code, String expected) {
    String text = err.toString();
    assertEquals(1, code, text);
    assertTrue(text.contains(expected), text);
    assertFalse(text.contains("\tat "), "no stack trace: " + text);
    assertEquals(1, text.strip().lines().count(), text);
  }

  @Test
  void missingRequestFile() throws Exception {
    assertOneLineError(Privflow.run("release", "--policy", Fixtures.policy(dir).file().toString(), "--request", dir.resolve("nope.yaml").toString(), "--runner", "direct"),
        "does not exist");
  }

  @Test
  void epsilonZero() throws Exception {
    Path req = RequestYaml.tiny().epsilon("0").write(dir);
    assertOneLineError(Privflow.run("release", "--policy", Fixtures.policy(dir).file().toString(), "--request", req.toString(), "--runner", "direct"),
        "privacy.epsilon: must be greater than 0");
  }

  @Test
  void unknownField() throws Exception {
    Path req = RequestYaml.tiny().set("privacy.k", 5).write(dir);
    assertOneLineError(Privflow.run("release", "--policy", Fixtures.policy(dir).file().toString(), "--request", req.toString(), "--runner", "direct"), "privacy.k: unknown field");
  }

  @Test
  void windowNotADuration() throws Exception {
    Path req = RequestYaml.tiny().window("1 day").write(dir);
    assertOneLineError(Privflow.run("release", "--policy", Fixtures.policy(dir).file().toString(), "--request", req.toString(), "--runner", "direct"), "time.window");
  }

  @Test
  void shortKeyIsRefusedBeforeAnyDataIsRead() throws Exception {
    Path req = RequestYaml.tiny().write(dir);
    String policy = Fixtures.policy(dir).file().toString();
    Files.write(dir.resolve("test.key"), new byte[8]);
    assertOneLineError(Privflow.run("release", "--policy", policy, "--request", req.toString(), "--runner", "direct"),
        "is not a key privflow made");
    assertFalse(Files.exists(dir.resolve("release")));
  }

  /** A key anyone else can read is no secret: refused, whatever its content. */
  @Test
  void aKeyOthersCanReadIsRefused() throws Exception {
    Path req = RequestYaml.tiny().write(dir);
    String policy = Fixtures.policy(dir).file().toString();
    Files.setPosixFilePermissions(dir.resolve("test.key"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    assertOneLineError(Privflow.run("release", "--policy", policy, "--request", req.toString(), "--runner", "direct"),
        "can be read or written by others (rw-r--r--)");
    assertFalse(Files.exists(dir.resolve("release")));
  }

  /** keygen makes keys in the format privflow reads, owner-only, and never overwrites one. */
  @Test
  void keygenMakesAnOwnerOnlyKeyAndNeverOverwrites() throws Exception {
    Path k = dir.resolve("made.key");
    assertEquals(0, Privflow.run("keygen", "--out", k.toString()));
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(k)));
    assertEquals(32, io.privflow.files.KeyFiles.read(k, "a key").length);
    String before = Files.readString(k);
    assertOneLineError(Privflow.run("keygen", "--out", k.toString()), "exists already");
    assertEquals(before, Files.readString(k));
  }

  @Test
  void regionFileThatIsNotJson() throws Exception {
    Path bad = dir.resolve("bad.geojson");
    Files.writeString(bad, "{ not json");
    Path req = RequestYaml.tiny().regionsFile(bad).write(dir);
    assertOneLineError(Privflow.run("release", "--policy", Fixtures.policy(dir).file().toString(), "--request", req.toString(), "--runner", "direct"), "is not valid JSON");
  }

  @Test
  void csvWithoutARequiredColumn() throws Exception {
    Path bad = dir.resolve("events.csv");
    Files.writeString(bad, "subscriber_id,cell_id\n4511,cA\n");
    Path req = RequestYaml.tiny().networkEvents(bad.toString()).write(dir);
    assertOneLineError(Privflow.run("release", "--policy", Fixtures.policy(dir).file().toString(), "--request", req.toString(), "--runner", "direct"),
        "events.csv: the header lacks column(s) event_time");
  }

  @Test
  void planPrintsTheFiguresWithoutReadingOrSpending() throws Exception {
    Path req = RequestYaml.tiny().write(dir);
    var policy = Fixtures.policy(dir);
    CliRun plan = CliRun.of("plan", "--policy", policy.file().toString(), "--request", req.toString());
    String text = plan.out();
    assertEquals(0, plan.code(), text + err);
    // epsilon 1, L 3: scale 3, q = e^(-1/3); k = 1: P[released | c = 0] = q / (1 + q) = 41.74%
    assertTrue(text.contains("27 cells in the domain"), text);
    assertTrue(text.contains("mapping: Network events are placed at their cell's tower (regions.mapping: tower_point)"),
        text);
    assertTrue(text.matches("(?s).*c = 0 = k-1 +41.74%.*"), text);
    // h = 9: 1 - 2 q^10 / (1 + q) = 1 - 2 * 0.035674 / 1.716531 = 95.84% >= 95% (q^9 gives 94.20%)
    assertTrue(text.contains("count +/- 9 holds the true count for 95.84% of cells before the threshold"), text);
    // 9 cells per OD window; E[Z; Z >= 1] = P[Z >= 1] (1 + q / (1 - q)) = 0.417430 * 3.527757 = 1.472587
    assertTrue(text.contains("if nearly all of a window's 9 cells are empty, about 3.76 of them are published per"
        + " window, adding about 13.3 to its sum of counts"), text);
    assertTrue(text.contains("budget period 2020-03: epsilon 10, spent 0, held by runs in progress 0, this release 1,"
        + " left after it 9"), text);
    assertFalse(Files.exists(dir.resolve("release.custodian")), "nothing read");
    assertTrue(io.privflow.privacy.ledger.BudgetLedger.open(policy).find("tiny-test").isEmpty());
  }

  @Test
  void planStatesTheHomeRuleSharesAndBounds() throws Exception {
    Path req = RequestYaml.tiny().odShare("0.5").homePresence(7, "0.25").homeOd(3, "0.25")
        .home("22:00", "06:00", 2).write(dir);
    var policy = Fixtures.policy(dir);
    CliRun plan = CliRun.of("plan", "--policy", policy.file().toString(), "--request", req.toString());
    String text = plan.out();
    assertEquals(0, plan.code(), text + err);
    // 4 days from 2020-03-01 UTC: the night before the range's first morning and the 4 starting in it.
    assertTrue(text.contains("home: per night 22:00-06:00 local time in UTC, a device's home is its night region on"
        + " the most nights, given one on at least 2 of the 5 nights that touch the time range; otherwise unknown;"
        + " home_presence: budget share"
        + " 0.25, max_windows_per_device 7; home_od: budget share 0.25, max_transitions_per_device 3"), text);
    // epsilon 1 x 0.25; 4 windows x 4 homes x 3 regions; 3 slots x 4 x 3 x 3
    assertTrue(text.contains("metric home_presence: epsilon 0.25, bound 7 per device, k = 1, 48 cells in the domain"),
        text);
    assertTrue(text.contains("metric home_od: epsilon 0.25, bound 3 per device, k = 1, 108 cells in the domain"),
        text);
    assertTrue(text.contains("  bound: max_windows_per_device = 7 (each device has one home): L1 sensitivity 7, L2"
        + " sensitivity 2.6458; 12 cells per window"), text);
  }

  @Test
  void planNeedsNoKeyFile() throws Exception {
    Path req = RequestYaml.tiny().write(dir);
    Path policy = dir.resolve("nokey-policy.yaml");
    Files.writeString(policy, Files.readString(Fixtures.policy(dir).file()).replace("pseudonymization_key_file: test.key\n",
        ""));
    assertEquals(0, CliRun.of("plan", "--policy", policy.toString(), "--request", req.toString()).code(),
        err.toString());
    // ... while a release of the same request is refused for want of a key
    assertOneLineError(Privflow.run("release", "--policy", policy.toString(),
        "--request", req.toString(), "--runner", "direct"), "names no pseudonymization_key_file");
  }
}
