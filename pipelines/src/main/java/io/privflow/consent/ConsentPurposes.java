package io.privflow.consent;

import io.privflow.policy.Policy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The purposes consent may be given for: the policy's {@code consent_purposes}, and the one
 * normalisation by which a request's purpose, a registry's grant rows and its withdrawal rows are
 * compared. A purpose is a label typed by people in several systems, so {@code Public Health
 * Research}, {@code public_health_research} and {@code public-health-research} must be one purpose:
 * otherwise a withdrawal recorded under one spelling would not cancel a grant recorded under another.
 *
 * <p>{@link #normalise}: lower-case (locale-independent); every run of whitespace (Unicode
 * whitespace included), {@code -} and {@code _} becomes one {@code _}; leading and trailing
 * {@code _} are dropped. Nothing else is folded: {@code public_health_research} and
 * {@code public_health} stay two purposes.
 */
final class ConsentPurposes {
  private static final Pattern SEPARATORS = Pattern.compile("[\\s_-]+", Pattern.UNICODE_CHARACTER_CLASS);

  private final Set<String> keys;
  private final List<String> listed;

  private ConsentPurposes(List<String> listed) {
    this.listed = List.copyOf(listed);
    Set<String> k = new LinkedHashSet<>();
    for (String p : listed) {
      String n = normalise(p);
      if (!n.isEmpty()) {
        k.add(n);
      }
    }
    this.keys = Set.copyOf(k);
  }

  static ConsentPurposes of(Policy policy) {
    return new ConsentPurposes(policy.consentPurposes());
  }

  static ConsentPurposes of(List<String> purposes) {
    return new ConsentPurposes(purposes);
  }

  /** The comparison form of a purpose; "" for null or a text of separators only. */
  static String normalise(String purpose) {
    if (purpose == null) {
      return "";
    }
    String s = SEPARATORS.matcher(purpose.toLowerCase(Locale.ROOT)).replaceAll("_");
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '_') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == '_') {
      to--;
    }
    return s.substring(from, to);
  }

  /** True when the policy lists no purpose: then no consent export may run (fail closed). */
  boolean isEmpty() {
    return keys.isEmpty();
  }

  /** The normalised purpose if it is one of the listed purposes, else null. */
  String keyOf(String purpose) {
    String n = normalise(purpose);
    return keys.contains(n) ? n : null;
  }

  /**
   * The request's purpose, normalised; refuses (naming the field and the policy key, never the
   * request's value) a purpose the policy does not list, and every purpose when it lists none.
   */
  String requested(String purpose, Policy policy) {
    if (isEmpty()) {
      throw new ConsentRefusedException("purpose: the policy lists no consent_purposes (policy "
          + policy.file().getFileName() + "), so no consent export may run; the custodian must list the purposes"
          + " consent may be given for");
    }
    String key = keyOf(purpose);
    if (key == null) {
      throw new ConsentRefusedException("purpose is not one of the policy's consent_purposes " + listed
          + " (compared ignoring case, with spaces, '-' and '_' alike)");
    }
    return key;
  }
}
