package io.privflow.cli;

import io.privflow.consent.AuditEntry;
import io.privflow.consent.ConsentAudit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code privflow audit}: every consent-export run, refused ones included, oldest first. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "List the consent audit log: every consent-export run and its decision.")
public final class AuditCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin io.privflow.cli.PolicyOption policyOption = new io.privflow.cli.PolicyOption();

  @Override
  public Integer call() {
    ConsentAudit audit = ConsentAudit.open(policyOption.load());
    String format = "%-5s %-26s %-9s %-24s %-28s %-9s %-10s %-8s %-8s %-16s %s | %s%n";
    System.out.printf(format, "entry", "time", "decision", "purpose", "requester", "requested", "consenting",
        "exported", "rows", "request_sha256", "legal basis", "reason");
    for (AuditEntry e : audit.entries()) {
      System.out.printf(format, e.entryId(), e.loggedAt(), e.decision(), e.purpose(), e.requester(),
          e.subjectsRequested(), e.subjectsConsenting(), e.subjectsExported(), e.rowsExported(),
          e.requestSha256().isEmpty() ? "-" : e.requestSha256().substring(0, 16), e.legalBasis(), e.reason());
    }
    return 0;
  }
}
