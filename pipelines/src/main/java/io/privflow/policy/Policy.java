package io.privflow.policy;

import io.privflow.privacy.Accounting;
import io.privflow.privacy.Rational;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The data custodian's policy: where the ledger and the custodian-only files live, which keys
 * privflow uses, each dataset's privacy budget per period and the rules every release must follow.
 * Parsed and validated once by {@link PolicyParser}. Everything a request must not decide is here.
 *
 * @param sha256 SHA-256 of the policy file, recorded with each release
 * @param custodianDirectory where custodian-only files go (rejected records, run summaries, exact
 *     figures, input lineage): one folder per release or export below it
 * @param keyFile the pseudonymisation key (a privflow key file); null when the policy names none,
 *     which lets {@code plan} and {@code ledger} work but refuses every run that reads data
 * @param ledgerKeyFile the key of the ledger's integrity chain (a privflow key file)
 * @param consentPurposes the purposes a consent export may serve and the consent registry may name
 * @param jdbcUrl ledger database; by default an embedded H2 file in the state directory
 */
public record Policy(
    Path file,
    String sha256,
    Path stateDirectory,
    Path custodianDirectory,
    Path keyFile,
    Path ledgerKeyFile,
    List<String> consentPurposes,
    String jdbcUrl,
    Map<String, DatasetBudget> datasets) {

  public Policy {
    consentPurposes = List.copyOf(consentPurposes);
    datasets = Map.copyOf(datasets);
  }

  /**
   * A dataset's total budget per period, in the unit of its accounting (and, for zCDP, the delta a
   * partition selection may spend per period: null when none may); the zone its budget periods
   * follow (whatever zone a request's windows use); and the limits on each of its releases (the
   * policy-wide {@code rules} overlaid with the dataset's own).
   */
  public record DatasetBudget(String dataset, ZoneId zone, BudgetPeriod period, Accounting accounting, Rational budget,
      Rational deltaBudget, ReleaseRules rules) {}

  public Path releaseCopies() {
    return stateDirectory.resolve("releases");
  }

  /** The custodian-only folder of one release. */
  public Path custodianFilesOf(String dataset, String requestId) {
    return custodianDirectory.resolve(dataset).resolve(requestId);
  }
}
