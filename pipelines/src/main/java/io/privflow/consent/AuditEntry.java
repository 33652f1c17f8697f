package io.privflow.consent;

/**
 * One consent-export run in the audit log. It holds who asked, why, on what ground, what was
 * decided and how much was exported; never a location and never a subject's identifier.
 *
 * @param entryId assigned by the database (0 before the entry is appended)
 * @param subjectsRequested "all" or the number of subjects the request listed ("" if unreadable)
 * @param subjectsConsenting requested subjects whose consent covers part of the time range
 * @param subjectsExported subjects with at least one exported row
 * @param requestSha256 SHA-256 of the request file ("" when it could not be read)
 */
public record AuditEntry(
    long entryId,
    String loggedAt,
    String requester,
    String purpose,
    String legalBasis,
    String requestSha256,
    String subjectsRequested,
    int subjectsConsenting,
    int subjectsExported,
    long rowsExported,
    Decision decision,
    String reason,
    String outputDirectory) {

  /** What became of a run. */
  public enum Decision {
    /** The export was written. */
    EXPORTED,
    /** Refused before any event was read (invalid request, no registry, bad output directory...). */
    REFUSED,
    /** Accepted, but the run failed; nothing was written to the output directory. */
    FAILED
  }
}
