package io.privflow.policy;

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

  /** How budgets compose: pure DP adds epsilons, zCDP adds rhos. */
  public enum Accounting {
    PURE_DP("pure_dp", "epsilon"),
    ZCDP("zcdp", "rho");

    private final String label;
    private final String unit;

    Accounting(String label, String unit) {
      this.label = label;
      this.unit = unit;
    }

    public String label() {
      return label;
    }

    /** The name of the budget's unit: epsilon or rho. */
    public String unit() {
      return unit;
    }
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
