package io.privflow.consent;

import io.privflow.PrivflowException;

/** An accepted consent export that failed while running; nothing was exported. Audited as FAILED. */
public final class ConsentExportFailedException extends PrivflowException {
  public ConsentExportFailedException(String message) {
    super(message);
  }
}
