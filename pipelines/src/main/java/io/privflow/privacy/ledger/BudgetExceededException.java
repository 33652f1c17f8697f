package io.privflow.privacy.ledger;

/** A release refused because it would exceed a period's remaining budget; no data was read. */
public final class BudgetExceededException extends RuntimeException {
  public BudgetExceededException(String message) {
    super(message);
  }
}
