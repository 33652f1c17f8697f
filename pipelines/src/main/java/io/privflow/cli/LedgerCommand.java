package io.privflow.cli;

import io.privflow.policy.Policy;
import io.privflow.privacy.Decimals;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.privacy.ledger.LedgerEntry;
import io.privflow.privacy.ledger.PeriodBalance;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code privflow ledger --dataset NAME}: every release of a dataset and the budget left. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
    description = "List a dataset's releases and its remaining privacy budget per period.")
public final class LedgerCommand implements Callable<Integer> {
  @Option(names = "--dataset", required = true, description = "Dataset name, as in the policy.")
  String dataset;

  @Mixin PolicyOption policyOption = new PolicyOption();

  @Override
  public Integer call() {
    Policy policy = policyOption.load();
    BudgetLedger ledger = BudgetLedger.open(policy);
    Policy.DatasetBudget b = policy.datasets().get(dataset);
    System.out.printf("dataset %s: %s%n", dataset, b == null ? "not in the policy"
        : "budget " + b.accounting().unit() + " " + b.budget().toDouble() + " per " + b.period().name().toLowerCase()
            + " (" + b.accounting().label() + ")");
    System.out.printf("%-28s %-10s %-24s %-10s %-11s %-36s %-28s %s%n",
        "request_id", "status", "time", "metrics", "charged", "guarantee", "requester", "purpose");
    for (LedgerEntry e : ledger.entries(dataset)) {
      System.out.printf("%-28s %-10s %-24s %-10s %-11s %-36s %-28s %s%n", e.requestId(), e.status(),
          e.committedAt() != null ? e.committedAt() : e.reservedAt(), e.metrics(),
          Decimals.plain(e.cost()), e.guarantee(), e.requester(), e.purpose());
    }
    System.out.printf("%n%-10s %-10s %-12s %-12s %-12s %s%n", "period", "accounting", "budget", "spent", "in-progress", "remaining");
    for (PeriodBalance p : ledger.balances(dataset)) {
      System.out.printf("%-10s %-10s %-12s %-12s %-12s %s%n", p.period(), p.accounting(), Decimals.plain(p.total()),
          Decimals.plain(p.committed()), Decimals.plain(p.reserved()), Decimals.plain(p.remaining()));
    }
    return 0;
  }
}
