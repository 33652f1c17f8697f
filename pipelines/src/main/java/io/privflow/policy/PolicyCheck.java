package io.privflow.policy;

import io.privflow.config.Check;
import io.privflow.files.Digests;
import io.privflow.privacy.Accounting;
import io.privflow.privacy.Decimals;
import io.privflow.privacy.Guarantee;
import io.privflow.privacy.Rational;
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
   * {@code domainCells} is the size of its public domain (a public figure: regions and windows).
   */
  public static void check(ReleaseRequest r, Policy policy, LocalDate releaseDate, long domainCells) {
    List<String> broken = violations(r, policy, releaseDate, domainCells);
    if (!broken.isEmpty()) {
      throw new PolicyException("refused by the custodian policy " + policy.file().getFileName()
          + " before reading any data", broken);
    }
  }

  public static List<String> violations(ReleaseRequest r, Policy policy, LocalDate releaseDate, long domainCells) {
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
    if (rules.minCount() != null && p.minCount() < rules.minCount()) {
      broken.add("privacy.min_count: " + p.minCount() + " is below the policy's min_count " + rules.minCount());
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
      } else if (!wanted.equals(digest(r.regions().file()))) {
        broken.add("regions.file: " + r.regions().file().getFileName() + " is not the file of region set '"
            + r.regions().set() + "' (its SHA-256 differs from the one the policy gives)");
      }
    }
    if (domainCells > rules.domainCellLimit()) {
      broken.add("metrics: the public domain has " + domainCells + " cells (regions and windows), more than the"
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

  private static String digest(java.nio.file.Path file) {
    try {
      return Digests.sha256(file);
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
