package io.privflow.ingest;

import io.privflow.PrivflowException;

/** An input file the run cannot read at all (not one bad record, which is rejected instead). */
public final class InputFormatException extends PrivflowException {
  public InputFormatException(String message) {
    super(message);
  }

  /** @param cause kept for the stack trace only; its message (a library's) is never shown */
  public InputFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
