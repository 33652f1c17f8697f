package io.privflow.policy;

import io.privflow.privacy.Accounting;
import io.privflow.privacy.Rational;
import java.nio.file.Path;
import java.util.Map;

/**
 * The data custodian's policy: where the ledger lives, each dataset's privacy budget per period
 * and the rules every release must follow. Parsed and validated once by {@link PolicyParser}.
 *
 * @param jdbcUrl ledger database; by default an embedded H2 file in the state directory
 * @param sha256 SHA-256 of the policy file, recorded with each release
 */
public record Policy(Path file, String sha256, Path stateDirectory, String jdbcUrl, Map<String, DatasetBudget> datasets) {

  public Policy {
    datasets = Map.copyOf(datasets);
  }

  /**
   * A dataset's total budget per period, in the unit of its accounting, and the limits on each of
   * its releases (the policy-wide {@code rules} overlaid with the dataset's own).
   */
  public record DatasetBudget(
      String dataset, BudgetPeriod period, Accounting accounting, Rational budget, ReleaseRules rules) {}

  public Path releaseCopies() {
    return stateDirectory.resolve("releases");
  }
}
