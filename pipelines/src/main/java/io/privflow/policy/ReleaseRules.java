package io.privflow.policy;

import io.privflow.engine.Reconciliation;
import io.privflow.privacy.Rational;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The custodian's limits on a single release, each optional (null or empty: no limit). Checked
 * against a request by {@link PolicyCheck} before any data is read; the per-period budget is kept
 * by the ledger.
 *
 * @param maxEpsilon most epsilon one release may have (a Gaussian release's epsilon at its delta)
 * @param maxRho most rho one release may have (a Laplace release counts epsilon^2 / 2)
 * @param minCount least k (min_count) a release may use
 * @param minWindow shortest window length; a day counts as 24 hours
 * @param allowedRegionSets the region sets a request may use: name to the SHA-256 its file must have
 * @param allowedPurposes purposes a request's {@code purpose} must be among (case and spacing aside)
 * @param allowedLegalBases likewise for {@code legal_basis}
 * @param maxRetention longest time from the release date to the request's {@code retention_until}
 * @param maxRejectRate largest share of an input's records that may be rejected before the run
 *     fails closed (checked after the pipeline; {@link #DEFAULT_MAX_REJECT_RATE} when unset)
 * @param maxDomainCells most cells a release's public domain may have, over all its metrics
 *     ({@link #DEFAULT_MAX_DOMAIN_CELLS} when unset)
 * @param maxExpectedEmptyPerWindow most empty cells a full-domain metric may be expected to publish
 *     per window (cells with no device whose noise alone reached the threshold); a partition
 *     selection publishes none
 */
public record ReleaseRules(
    Rational maxEpsilon,
    Rational maxRho,
    Long minCount,
    Duration minWindow,
    Map<String, String> allowedRegionSets,
    List<String> allowedPurposes,
    List<String> allowedLegalBases,
    Period maxRetention,
    Rational maxRejectRate,
    Long maxDomainCells,
    Rational maxExpectedEmptyPerWindow) {

  /**
   * 20 million cells: every cell of the public domain is noised on its own, so the domain sets the
   * cost of a run whatever the data; a request for 600 million cells (10,000 regions) once spilled
   * for minutes. A policy may raise it.
   */
  public static final long DEFAULT_MAX_DOMAIN_CELLS = 20_000_000L;

  /**
   * 1%: more rejected records than that means the input is not what the custodian thinks it is.
   * The gate that applies it (engine.Reconciliation) names this default in its message.
   */
  public static final Rational DEFAULT_MAX_REJECT_RATE = Reconciliation.DEFAULT_REJECT_RATE_LIMIT;

  public static final ReleaseRules NONE =
      new ReleaseRules(null, null, null, null, Map.of(), List.of(), List.of(), null, null, null, null);

  /** The reject-rate limit in force. */
  public Rational rejectRateLimit() {
    return maxRejectRate != null ? maxRejectRate : DEFAULT_MAX_REJECT_RATE;
  }

  /** The domain-size limit in force. */
  public long domainCellLimit() {
    return maxDomainCells != null ? maxDomainCells : DEFAULT_MAX_DOMAIN_CELLS;
  }

  public ReleaseRules {
    allowedRegionSets = Map.copyOf(allowedRegionSets);
    allowedPurposes = List.copyOf(allowedPurposes);
    allowedLegalBases = List.copyOf(allowedLegalBases);
  }

  /** These rules, each unset one taken from {@code defaults} (a dataset's rules over the policy-wide ones). */
  public ReleaseRules over(ReleaseRules defaults) {
    return new ReleaseRules(
        maxEpsilon != null ? maxEpsilon : defaults.maxEpsilon,
        maxRho != null ? maxRho : defaults.maxRho,
        minCount != null ? minCount : defaults.minCount,
        minWindow != null ? minWindow : defaults.minWindow,
        !allowedRegionSets.isEmpty() ? allowedRegionSets : defaults.allowedRegionSets,
        !allowedPurposes.isEmpty() ? allowedPurposes : defaults.allowedPurposes,
        !allowedLegalBases.isEmpty() ? allowedLegalBases : defaults.allowedLegalBases,
        maxRetention != null ? maxRetention : defaults.maxRetention,
        maxRejectRate != null ? maxRejectRate : defaults.maxRejectRate,
        maxDomainCells != null ? maxDomainCells : defaults.maxDomainCells,
        maxExpectedEmptyPerWindow != null ? maxExpectedEmptyPerWindow : defaults.maxExpectedEmptyPerWindow);
  }

  /** Free text compared as the custodian means it: case, and runs of spaces, do not matter. */
  static String normalise(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
