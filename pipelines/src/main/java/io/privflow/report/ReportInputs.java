package io.privflow.report;

import io.privflow.engine.RunCounters;
import io.privflow.plan.BudgetCharge;
import io.privflow.policy.Policy;
import io.privflow.privacy.ledger.PeriodBalance;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the anonymisation report needs beyond the plan and the released cells, gathered by the
 * release run before staging.
 *
 * @param balances the dataset's ledger periods as they stand during staging (this release's own
 *     reservation held, not yet committed)
 * @param counters exact run counters: raw-data figures, written to the custodian-only file only
 * @param inputFiles every input file read, by input kind label (network_events, gps_events, cells)
 */
public record ReportInputs(Policy policy, BudgetCharge charge, List<PeriodBalance> balances, RunCounters counters,
    String requestSha256, Map<String, List<Path>> inputFiles) {

  public ReportInputs {
    balances = List.copyOf(balances);
    inputFiles = Map.copyOf(inputFiles);
  }
}
