package io.privflow.model;

/**
 * Raw identifiers as privflow reads them (MSISDN, IMSI, device or advertising ids). A normalised
 * identifier exists only between a reader and pseudonymisation: it is never logged or written.
 */
public final class Identifiers {
  private Identifiers() {}

  /**
   * The normalised identifier, or {@code null} when nothing is left after normalisation.
   *
   * <p>An identifier made only of digits and the punctuation people write phone numbers with
   * ({@code + - . ( )} and spaces) is an MSISDN or IMSI and becomes its digits, so that
   * {@code "+45 12 34 56 78"} and {@code "4512345678"} are one subscriber. Anything else (a device
   * or advertising id) is only trimmed. International prefixes ("00" versus "+") are not
   * rewritten: that depends on the operator's numbering plan.
   */
  public static String normalise(String raw) {
    if (raw == null) {
      return null;
    }
    String t = raw.strip();
    if (t.isEmpty()) {
      return null;
    }
    boolean phoneLike = true;
    int digits = 0;
    for (int i = 0; i < t.length() && phoneLike; i++) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (!(c == '+' || c == '-' || c == '.' || c == '(' || c == ')' || c == ' ')) {
        phoneLike = false;
      }
    }
    if (!phoneLike) {
      return t;
    }
    if (digits == 0) {
      return null;
    }
    if (digits == t.length()) {
      return t;
    }
    StringBuilder b = new StringBuilder(digits);
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') {
        b.append(c);
      }
    }
    return b.toString();
  }
}
