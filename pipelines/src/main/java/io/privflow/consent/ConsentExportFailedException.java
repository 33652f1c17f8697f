package io.privflow.consent;

/** An accepted consent export that failed while running; nothing was exported. Audited as FAILED. */
public final class ConsentExportFailedException extends RuntimeException {
  public ConsentExportFailedException(String message) {
    super(message);
  }
}
