package io.privflow.consent;

/**
 * One entry of the consent audit log. It holds who asked, why, on what ground, what was decided and
 * how much was exported; never a location and never a subject's identifier. A run that publishes
 * writes two entries, because the log is append-only: {@code IN_PROGRESS} just before the export is
 * moved into place, then {@code EXPORTED} (or {@code FAILED}) naming it in {@code completes}.
 *
 * @param entryId assigned by the database (0 before the entry is appended)
 * @param subjectsRequested "all" or the number of subjects the request listed ("" if unreadable)
 * @param subjectsConsenting requested subjects whose consent covers part of the time range
 * @param subjectsExported subjects with at least one exported row
 * @param requestSha256 SHA-256 of the request file ("" when it could not be read)
 * @param completes the id of the {@code IN_PROGRESS} entry this entry completes, or 0 for none
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
    String outputDirectory,
    long completes) {

  /** What became of a run. */
  public enum Decision {
    /** The export was written. */
    EXPORTED,
    /** Refused before any event was read (invalid request, no registry, bad output directory...). */
    REFUSED,
    /** Accepted, but the run failed; nothing was written to the output directory. */
    FAILED,
    /**
     * Appended just before the export is moved into place, so no export exists without an entry.
     * An {@code EXPORTED} or {@code FAILED} entry naming it in {@code completes} follows; until one
     * does, an export may exist at its output directory.
     */
    IN_PROGRESS
  }

  /** This entry as stored, with the id the database gave it. */
  AuditEntry withId(long id) {
    return new AuditEntry(id, loggedAt, requester, purpose, legalBasis, requestSha256, subjectsRequested,
        subjectsConsenting, subjectsExported, rowsExported, decision, reason, outputDirectory, completes);
  }
}
