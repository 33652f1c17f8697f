package io.privflow.policy;

import io.privflow.config.Check;
import io.privflow.files.Digests;
import io.privflow.privacy.Accounting;
import io.privflow.privacy.Decimals;
import io.privflow.privacy.Guarantee;
import io.privflow.privacy.Rational;
import io.privflow.privacy.ReleaseMode;
import io.privflow.request.ReleaseRequest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a request against the custodian's policy from public parameters alone, before any data is
 * read (the release and plan commands both call it). Every broken rule is listed, each naming the
 * request field at fault, so a requester fixes the request in one go. Whether the period still has
 * enough budget left is the ledger's call, made when the run reserves it.
 */
public final class PolicyCheck {
  private PolicyCheck() {}

  /**
   * Refuses the request with every rule it breaks; {@code releaseDate} anchors the retention rules,
   * {@code plan} holds its plan's public figures (domain, thresholds, expected empty cells).
   */
  public static void check(ReleaseRequest r, Policy policy, LocalDate releaseDate, PlanFigures plan) {
    List<String> broken = violations(r, policy, releaseDate, plan);
    if (!broken.isEmpty()) {
      throw new PolicyException("refused by the custodian policy " + policy.file().getFileName()
          + " before reading any data", broken);
    }
  }

  public static List<String> violations(ReleaseRequest r, Policy policy, LocalDate releaseDate, PlanFigures plan) {
    List<String> broken = new ArrayList<>();
    LocalDate retention = r.requester().retentionUntil();
    if (retention != null && !retention.isAfter(releaseDate)) {
      broken.add("retention_until: " + retention + " is not after the release date " + releaseDate
          + " (the recipient would have to delete the data at once)");
    }
    Policy.DatasetBudget b = policy.datasets().get(r.dataset());
    if (b == null) {
      broken.add("dataset: " + r.dataset() + " is not in the custodian policy (datasets there: "
          + String.join(", ", policy.datasets().keySet()) + ")");
      return broken;
    }
    ReleaseRequest.Privacy p = r.privacy();
    Guarantee g = p.guarantee();
    String field = "privacy." + g.unit();
    try {
      Rational cost = g.cost(b.accounting());
      if (cost.compareTo(b.budget()) > 0) {
        broken.add(field + ": the release costs " + b.accounting().unit() + " " + Decimals.plain(cost)
            + ", more than dataset " + r.dataset() + "'s whole budget of " + Decimals.plain(b.budget()) + " per "
            + b.period().name().toLowerCase(java.util.Locale.ROOT));
      }
    } catch (Guarantee.NotChargeable e) {
      broken.add("privacy.mechanism: dataset " + r.dataset() + " " + e.getMessage());
    }
    ReleaseRules rules = b.rules();
    if (rules.maxEpsilon() != null && g.epsilonAtDelta() > rules.maxEpsilon().toDouble()) {
      broken.add(field + ": " + g.asEpsilonDelta() + ", above the policy's max_epsilon_per_release "
          + Decimals.plain(rules.maxEpsilon()));
    }
    if (rules.maxRho() != null && g.cost(Accounting.ZCDP).compareTo(rules.maxRho()) > 0) {
      broken.add(field + ": " + g.chargedAs(Accounting.ZCDP) + ", above the policy's max_rho_per_release "
          + Decimals.plain(rules.maxRho()));
    }
    selection(r, b, broken);
    for (PlanFigures.MetricFigures m : plan.metrics()) {
      if (rules.minCount() != null && m.threshold() < rules.minCount()) {
        broken.add("privacy.min_count: metric " + m.metric() + "'s threshold " + m.threshold()
            + " is below the policy's min_count " + rules.minCount());
      }
      if (rules.maxExpectedEmptyPerWindow() != null
          && m.expectedEmptyPerWindow() > rules.maxExpectedEmptyPerWindow().toDouble()) {
        broken.add("privacy.min_count: metric " + m.metric() + " with threshold " + m.threshold() + " is expected"
            + " to publish " + String.format(java.util.Locale.ROOT, "%.3g", m.expectedEmptyPerWindow())
            + " empty cells per window, more than the policy's max_expected_empty_cells_per_window "
            + Decimals.plain(rules.maxExpectedEmptyPerWindow()) + "; raise min_count, ask for a target in"
            + " privacy.empty_cells, or use release: partition_selection");
      }
    }
    if (rules.minWindow() != null && r.time().window() != null
        && Check.nominal(r.time().window()).compareTo(rules.minWindow()) < 0) {
      broken.add("time.window: " + r.time().windowText() + " is shorter than the policy's min_window "
          + rules.minWindow());
    }
    if (!rules.allowedRegionSets().isEmpty()) {
      String wanted = rules.allowedRegionSets().get(r.regions().set());
      if (wanted == null) {
        broken.add("regions.set: '" + r.regions().set() + "' is not among the policy's allowed_region_sets "
            + rules.allowedRegionSets().keySet());
      } else if (r.regions().grid() != null) {
        if (!wanted.equals(digest(r.regions().grid()))) {
          broken.add("regions.grid: " + r.regions().grid().describe() + " over "
              + r.regions().grid().area().getFileName() + " is not the grid of region set '" + r.regions().set()
              + "' (its SHA-256 differs from the one the policy gives; `privflow plan` prints it)");
        }
      } else if (!wanted.equals(digest(r.regions().file()))) {
        broken.add("regions.file: " + r.regions().file().getFileName() + " is not the file of region set '"
            + r.regions().set() + "' (its SHA-256 differs from the one the policy gives)");
      }
      var h = r.regions().hierarchy();
      if (h != null && h.parentsFile() != null) {
        String parents = rules.allowedRegionSets().get(h.parentsSet());
        if (parents == null) {
          broken.add("regions.parents.set: '" + h.parentsSet() + "' is not among the policy's allowed_region_sets "
              + rules.allowedRegionSets().keySet());
        } else if (!parents.equals(digest(h.parentsFile()))) {
          broken.add("regions.parents.file: " + h.parentsFile().getFileName() + " is not the file of region set '"
              + h.parentsSet() + "' (its SHA-256 differs from the one the policy gives)");
        }
      }
    }
    if (plan.domainCells() > rules.domainCellLimit()) {
      broken.add("metrics: the public domain has " + plan.domainCells() + " cells (regions and windows), more than the"
          + " policy's max_domain_cells " + rules.domainCellLimit() + "; ask for fewer regions or longer windows");
    }
    if (!rules.allowedPurposes().isEmpty() && !allowed(rules.allowedPurposes(), r.requester().purpose())) {
      broken.add("purpose: " + quoted(r.requester().purpose()) + " is not among the policy's allowed_purposes "
          + rules.allowedPurposes());
    }
    if (!rules.allowedLegalBases().isEmpty() && !allowed(rules.allowedLegalBases(), r.requester().legalBasis())) {
      broken.add("legal_basis: " + quoted(r.requester().legalBasis())
          + " is not among the policy's allowed_legal_bases " + rules.allowedLegalBases());
    }
    if (rules.maxRetention() != null && retention != null) {
      LocalDate latest = releaseDate.plus(rules.maxRetention());
      if (retention.isAfter(latest)) {
        broken.add("retention_until: " + retention + " is after " + latest + ", the release date " + releaseDate
            + " plus the policy's max_retention " + rules.maxRetention());
      }
    }
    return broken;
  }

  /**
   * A partition selection spends a delta, which only a zCDP dataset with a delta budget can
   * account for; its delta must also fit that budget.
   */
  private static void selection(ReleaseRequest r, Policy.DatasetBudget b, List<String> broken) {
    if (r.privacy().mode() != ReleaseMode.PARTITION_SELECTION) {
      return;
    }
    if (b.accounting() == Accounting.PURE_DP) {
      broken.add("privacy.release: dataset " + r.dataset() + " is accounted in pure DP (delta = 0), and a partition"
          + " selection spends a delta; use release: full_domain, or ask the custodian for a zcdp dataset with a"
          + " delta_budget");
    } else if (b.deltaBudget() == null) {
      broken.add("privacy.release: dataset " + r.dataset() + " has no delta_budget in the custodian policy, and a"
          + " partition selection spends a delta; use release: full_domain");
    } else if (r.privacy().guarantee() != null
        && r.privacy().guarantee().deltaCost().compareTo(b.deltaBudget()) > 0) {
      broken.add("privacy.selection_delta: " + Decimals.plain(r.privacy().guarantee().deltaCost()) + " is more than"
          + " dataset " + r.dataset() + "'s whole delta_budget of " + Decimals.plain(b.deltaBudget()) + " per "
          + b.period().name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private static String digest(java.nio.file.Path file) {
    try {
      return Digests.sha256(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static String digest(io.privflow.request.Grid grid) {
    try {
      return grid.sha256();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static boolean allowed(List<String> allowed, String value) {
    String v = ReleaseRules.normalise(value);
    return !v.isEmpty() && allowed.stream().anyMatch(a -> ReleaseRules.normalise(a).equals(v));
  }

  private static String quoted(String s) {
    return s == null || s.isEmpty() ? "(not given)" : "'" + s + "'";
  }
}
