package io.privflow.publish;

import io.privflow.PrivflowException;

/** The run did not publish; the message says why (it never quotes data values). */
public final class ReleaseFailedException extends PrivflowException {
  public ReleaseFailedException(String message) {
    super(message);
  }
}
