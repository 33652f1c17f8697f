package io.privflow.privacy.ledger;

import io.privflow.PrivflowException;

/** A release refused because it would exceed a period's remaining budget; no data was read. */
public final class BudgetExceededException extends PrivflowException {
  public BudgetExceededException(String message) {
    super(message);
  }
}
