package io.privflow.privacy.ledger;

/** The ledger cannot be used, or refuses an operation; the message says why. */
public final class LedgerException extends RuntimeException {
  public LedgerException(String message) {
    super(message);
  }

  public LedgerException(String message, Throwable cause) {
    super(message, cause);
  }
}
