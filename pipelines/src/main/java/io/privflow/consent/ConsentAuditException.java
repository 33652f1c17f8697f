package io.privflow.consent;

/** The audit log cannot be opened or written: a consent export never runs unaudited. */
public final class ConsentAuditException extends RuntimeException {
  public ConsentAuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
