package io.privflow.publish;

/** The run did not publish; the message says why (it never quotes data values). */
public final class ReleaseFailedException extends RuntimeException {
  public ReleaseFailedException(String message) {
    super(message);
  }
}
