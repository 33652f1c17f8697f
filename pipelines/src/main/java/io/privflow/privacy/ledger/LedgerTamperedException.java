package io.privflow.privacy.ledger;

import io.privflow.PrivflowException;

/** The ledger's integrity check failed: it was altered outside privflow. Nothing runs against it. */
public final class LedgerTamperedException extends PrivflowException {
  public LedgerTamperedException(String message) {
    super(message);
  }
}
