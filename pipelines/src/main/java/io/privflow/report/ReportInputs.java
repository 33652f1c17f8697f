package io.privflow.report;

import io.privflow.engine.RunCounters;
import io.privflow.plan.BudgetCharge;
import io.privflow.policy.Policy;
import io.privflow.privacy.ledger.PeriodBalance;
import java.util.List;

/**
 * What the anonymisation report needs beyond the plan and the released cells, gathered by the
 * release run before staging.
 *
 * @param balances the dataset's ledger periods as they stand during staging (this release's own
 *     reservation held, not yet committed)
 * @param counters exact run counters: raw-data figures, written to the custodian-only file only
 * @param inputs every input file read with its SHA-256: custodian-only (a digest of a raw input tells
 *     whether one subscriber is in it, so it never reaches the public report)
 * @param inputsSeal an HMAC of {@code inputs} under the custodian's ledger key: the public report
 *     carries it, so the custodian (and only the custodian) can check which inputs a release used
 */
public record ReportInputs(Policy policy, BudgetCharge charge, List<PeriodBalance> balances, RunCounters counters,
    String requestSha256, List<InputDigest> inputs, String inputsSeal) {

  /** One input file read by the release. */
  public record InputDigest(String kind, String name, String sha256) {}

  public ReportInputs {
    balances = List.copyOf(balances);
    inputs = List.copyOf(inputs);
  }
}
