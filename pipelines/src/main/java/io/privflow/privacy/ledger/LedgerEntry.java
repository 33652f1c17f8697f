package io.privflow.privacy.ledger;

import io.privflow.privacy.Accounting;
import java.math.BigDecimal;
import java.util.List;

/**
 * One release in the ledger: what it cost, in which budget periods, who asked and why, and where
 * its committed copy lives. Holds public parameters only, never data.
 *
 * @param cost the charge to each period, in the unit of the dataset's accounting (epsilon or rho)
 * @param owner host and process that made the reservation, to recognise reservations of dead runs
 */
public record LedgerEntry(
    String requestId,
    String requestSha256,
    String dataset,
    List<String> periods,
    Status status,
    BigDecimal cost,
    Accounting accounting,
    String guarantee,
    String metrics,
    String requester,
    String purpose,
    String reservedAt,
    String committedAt,
    String releaseDirectory,
    String manifestSha256,
    String owner) {

  public enum Status {
    /** Budget held while the run is under way; given back if it fails. */
    RESERVED,
    /** Published: the budget is spent for good. */
    COMMITTED
  }

  public LedgerEntry {
    periods = List.copyOf(periods);
  }
}
