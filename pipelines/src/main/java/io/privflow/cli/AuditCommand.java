package io.privflow.cli;

import io.privflow.consent.AuditEntry;
import io.privflow.consent.ConsentAudit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code privflow audit}: every consent-export run, refused ones included, oldest first. A run that
 * published has an IN_PROGRESS entry and a completion naming it; an IN_PROGRESS entry that nothing
 * completes is flagged, because an export may exist at its output directory.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "List the consent audit log: every consent-export run and its decision.")
public final class AuditCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin io.privflow.cli.PolicyOption policyOption = new io.privflow.cli.PolicyOption();

  @Override
  public Integer call() {
    ConsentAudit audit = ConsentAudit.open(policyOption.load());
    List<AuditEntry> entries = audit.entries();
    List<AuditEntry> uncompleted = ConsentAudit.uncompleted(entries);
    String format = "%-5s %-26s %-11s %-9s %-24s %-28s %-9s %-10s %-8s %-8s %-16s %s | %s%n";
    System.out.printf(format, "entry", "time", "decision", "completes", "purpose", "requester", "requested",
        "consenting", "exported", "rows", "request_sha256", "legal basis", "reason");
    for (AuditEntry e : entries) {
      String reason = uncompleted.contains(e) ? ConsentAudit.uncompletedNote(e) + " (" + e.reason() + ")" : e.reason();
      System.out.printf(format, e.entryId(), e.loggedAt(), e.decision(), e.completes() == 0 ? "-" : e.completes(),
          e.purpose(), e.requester(), e.subjectsRequested(), e.subjectsConsenting(), e.subjectsExported(),
          e.rowsExported(), e.requestSha256().isEmpty() ? "-" : e.requestSha256().substring(0, 16), e.legalBasis(),
          reason);
    }
    if (!uncompleted.isEmpty()) {
      System.out.printf("%d IN_PROGRESS entr%s without completion (%s): an export may exist at each one's output"
              + " directory; check it%n", uncompleted.size(), uncompleted.size() == 1 ? "y" : "ies",
          String.join(", ", uncompleted.stream().map(e -> "entry " + e.entryId() + " at " + e.outputDirectory())
              .toList()));
    }
    return 0;
  }
}
