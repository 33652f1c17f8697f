package io.privflow.consent;

import io.privflow.engine.RunnerChoice;
import io.privflow.policy.Policy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

/**
 * Runs raw-point consent exports over the tiny fixtures at {@link ConsentExportTest#NOW}, each run
 * with its own registry, request file and output directory ({@code export-<run>}); the audit log
 * may be replaced by one that fails on purpose.
 */
final class ConsentRunner {
  final Path dir;
  final Policy policy;
  final ByteArrayOutputStream console = new ByteArrayOutputStream();
  Function<String, ConsentAudit> auditLog = ConsentAudit::open;
  int runs;

  ConsentRunner(Path dir, Policy policy) {
    this.dir = dir;
    this.policy = policy;
  }

  /** The output directory of run {@code run}. */
  Path out(int run) {
    return dir.resolve("export-" + run);
  }

  /** The next run's output directory. */
  Path nextOut() {
    return out(runs + 1);
  }

  ConsentExportRun.Outcome export(String registryRows, String purpose, String subjects) throws Exception {
    runs++;
    Path registry = dir.resolve("registry-" + runs + ".csv");
    Files.writeString(registry, ConsentExportTest.HEADER + registryRows);
    Path req = dir.resolve("request-" + runs + ".yaml");
    Files.writeString(req, ConsentExportTest.request(dir, purpose, subjects, "detail: raw_points",
        "consent_registry: [" + registry + "]", out(runs).toString()));
    return new ConsentExportRun(new PrintStream(console, true), Clock.fixed(ConsentExportTest.NOW, ZoneOffset.UTC),
        auditLog).execute(req, policy, RunnerChoice.DIRECT.options(2, null));
  }

  List<AuditEntry> audit() {
    return ConsentAudit.open(policy).entries();
  }

  AuditEntry lastAudit() {
    List<AuditEntry> all = audit();
    return all.get(all.size() - 1);
  }

  /** The custodian-only list of rejected registry rows of an export, without its header. */
  List<String> rejectedRows(ConsentExportRun.Outcome o) throws Exception {
    List<String> lines = Files.readAllLines(ConsentExportRun.custodianFiles(policy, o.request(), ConsentExportTest.NOW)
        .resolve("consent-registry-rejected.csv"));
    return lines.subList(1, lines.size());
  }
}
