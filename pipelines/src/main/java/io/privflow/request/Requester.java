package io.privflow.request;

import java.time.LocalDate;

/**
 * Who asked and why, recorded in the ledger, the release and the audit log (empty strings when
 * not given). {@code retentionUntil} is the date after which the recipient of a release must
 * delete it (required for a release; null for a consent export, whose retention the consent sets).
 */
public record Requester(
    String organisation, String contact, String purpose, String legalBasis, LocalDate retentionUntil) {

  /** {@code Organisation <contact>}, as the ledger and the audit log record it. */
  public String who() {
    return organisation + (contact.isEmpty() ? "" : " <" + contact + ">");
  }
}
