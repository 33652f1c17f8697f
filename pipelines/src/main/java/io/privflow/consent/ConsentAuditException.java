package io.privflow.consent;

import io.privflow.PrivflowException;

/**
 * The audit log cannot be opened or written: a consent export never runs unaudited. The message
 * says whether an export was published (its completion could not be appended) or not.
 */
public final class ConsentAuditException extends PrivflowException {
  public ConsentAuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
