package io.privflow.privacy.ledger;

import io.privflow.privacy.Accounting;
import java.math.BigDecimal;
import java.util.List;

/**
 * One release attempt in the ledger: what it costs, in which budget periods, who asked and why, the
 * process and work directory of its run, and, once committed, where its release is and the digest
 * of its manifest. Public parameters only, never data.
 *
 * @param cost the charge to each period, in the unit of the dataset's accounting (epsilon or rho)
 * @param deltaCost the delta charged to each period (a partition selection's); 0 otherwise
 * @param owner host and process that made the reservation, to recognise reservations of dead runs
 * @param workDirectory the run's private work directory (removed when a dead run is reclaimed)
 */
public record LedgerEntry(
    String requestId,
    String requestSha256,
    String dataset,
    List<String> periods,
    Status status,
    BigDecimal cost,
    BigDecimal deltaCost,
    Accounting accounting,
    String guarantee,
    String metrics,
    String requester,
    String purpose,
    String reservedAt,
    String committedAt,
    String releaseDirectory,
    String manifestSha256,
    String owner,
    String workDirectory) {

  public enum Status {
    /** Budget held; no data read yet. Given back if the run fails or dies. */
    RESERVED(false),
    /** The pipeline was started: noise may have been drawn. Given back only by the run itself. */
    RUNNING(false),
    /** Published: the budget is spent for good. */
    COMMITTED(true),
    /** Charged without a release: its run died after it may have drawn noise. */
    ABANDONED(true),
    /** Given back: the run failed while privflow was in control and its noisy values were destroyed unread. */
    CANCELLED(false);

    private final boolean spent;

    Status(boolean spent) {
      this.spent = spent;
    }

    /** Whether the budget counts as spent for good. */
    public boolean spent() {
      return spent;
    }

    /** Whether the budget is held by a run that has not ended. */
    public boolean held() {
      return this == RESERVED || this == RUNNING;
    }
  }

  public LedgerEntry {
    periods = List.copyOf(periods);
    deltaCost = deltaCost == null ? BigDecimal.ZERO : deltaCost;
  }

  LedgerEntry withStatus(Status s) {
    return new LedgerEntry(requestId, requestSha256, dataset, periods, s, cost, deltaCost, accounting, guarantee, metrics,
        requester, purpose, reservedAt, committedAt, releaseDirectory, manifestSha256, owner, workDirectory);
  }

  LedgerEntry committed(String at, String directory, String manifest) {
    return new LedgerEntry(requestId, requestSha256, dataset, periods, Status.COMMITTED, cost, deltaCost, accounting,
        guarantee,
        metrics, requester, purpose, reservedAt, at, directory, manifest, owner, workDirectory);
  }
}
