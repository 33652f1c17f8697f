package io.privflow.privacy.ledger;

import io.privflow.PrivflowException;

/** The ledger cannot be used, or refuses an operation; the message says why. */
public final class LedgerException extends PrivflowException {
  public LedgerException(String message) {
    super(message);
  }

  public LedgerException(String message, Throwable cause) {
    super(message, cause);
  }
}
