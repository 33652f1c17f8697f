package io.privflow.consent;

import io.privflow.model.Pseudonym;
import io.privflow.rejects.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which events of whom the registry lets an export contain, for exactly one purpose, at one
 * moment ("now", the time of the export). Purposes compare after {@link ConsentPurposes#normalise}
 * (grant rows, withdrawal rows and the request's purpose alike), so a withdrawal recorded under
 * another spelling of the purpose still withdraws. For one subject and purpose:
 *
 * <ol>
 *   <li>a grant row covers the events at or after its {@code granted_at} and before its
 *       {@code valid_until} (at {@code valid_until} the consent has expired) and before its
 *       {@code revoked_at};
 *   <li>a withdrawal that has taken effect ({@code revoked_at <= now}) covers nothing any more, and
 *       also cancels every other grant for the purpose given at or before the withdrawal: consent is
 *       withdrawn for the purpose, not per row, so earlier data stops being exported too;
 *   <li>a grant given after the withdrawal (a re-consent) covers again, but only events from its
 *       own {@code granted_at} on;
 *   <li>rows for another purpose never count, however close its name (only spellings that
 *       normalise alike are one purpose);
 *   <li>a rejected registry row that names the subject and this purpose (or an unreadable purpose)
 *       makes the subject ineligible: it could have been a withdrawal, and a registry we cannot
 *       read is not consent (fail closed). A row rejected as {@code UNKNOWN_PURPOSE} names a
 *       purpose the policy does not list, never this one, so it makes no subject ineligible here.
 * </ol>
 */
final class ConsentRules {
  private ConsentRules() {}

  /** A subject whose consent covers some time: its coverage and the registry's identifier. */
  record Eligible(Pseudonym pseudonym, String registryId, Coverage coverage) {
    @Override
    public String toString() {
      return "Eligible[" + pseudonym + ", identifier withheld, " + coverage + "]";
    }
  }

  /**
   * Every subject whose valid consent for {@code purpose} at {@code nowMillis} covers some of the
   * export's time range {@code [startMillis, endMillis)}, by pseudonym; coverage clipped to it.
   * The registry's purposes are normalised already; {@code requestedPurpose} is normalised here.
   */
  static Map<Pseudonym, Eligible> eligible(ConsentRegistry.Contents registry, String requestedPurpose,
      long nowMillis, long startMillis, long endMillis) {
    String purpose = ConsentPurposes.normalise(requestedPurpose);
    Set<Pseudonym> doubtful = new HashSet<>();
    for (ConsentRegistry.Rejected r : registry.rejected()) {
      // A row for this purpose, for no readable purpose, or for a purpose the policy does not list
      // (a misspelt withdrawal of this one, perhaps) makes its subject doubtful: fail closed.
      if (r.pseudonym() != null && (r.purpose() == null || r.purpose().equals(purpose)
          || r.reason() == Reason.UNKNOWN_PURPOSE)) {
        doubtful.add(r.pseudonym());
      }
    }
    Map<Pseudonym, List<ConsentGrant>> bySubject = new TreeMap<>();
    for (ConsentGrant g : registry.grants()) {
      if (g.purpose().equals(purpose) && !doubtful.contains(g.pseudonym())) {
        bySubject.computeIfAbsent(g.pseudonym(), k -> new ArrayList<>()).add(g);
      }
    }
    Map<Pseudonym, Eligible> out = new LinkedHashMap<>();
    for (Map.Entry<Pseudonym, List<ConsentGrant>> e : bySubject.entrySet()) {
      Eligible el = eligible(e.getKey(), e.getValue(), nowMillis, startMillis, endMillis);
      if (el != null) {
        out.put(e.getKey(), el);
      }
    }
    return out;
  }

  private static Eligible eligible(
      Pseudonym p, List<ConsentGrant> grants, long nowMillis, long startMillis, long endMillis) {
    long lastWithdrawal = Long.MIN_VALUE;
    for (ConsentGrant g : grants) {
      if (g.withdrawnBy(nowMillis)) {
        lastWithdrawal = Math.max(lastWithdrawal, g.revokedAtMillis());
      }
    }
    List<long[]> intervals = new ArrayList<>();
    ConsentGrant latest = null;
    for (ConsentGrant g : grants) {
      if (g.withdrawnBy(nowMillis) || g.grantedAtMillis() <= lastWithdrawal) {
        continue;
      }
      long from = Math.max(g.grantedAtMillis(), startMillis);
      long to = Math.min(Math.min(g.validUntilMillis(), g.revokedAtMillis()), endMillis);
      if (from < to) {
        intervals.add(new long[] {from, to});
        if (latest == null || g.grantedAtMillis() > latest.grantedAtMillis()) {
          latest = g;
        }
      }
    }
    Coverage c = Coverage.of(intervals);
    return c.isEmpty() ? null : new Eligible(p, latest.registryId(), c);
  }
}
