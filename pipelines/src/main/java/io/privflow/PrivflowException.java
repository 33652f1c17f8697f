package io.privflow;

/**
 * The one base type of every failure privflow explains to its user. Its message is <em>safe to
 * show</em>: written by privflow, it names fields, files, rules and public parameters, and never
 * quotes a data value (an identifier, a location, a raw count) or a library's own message, which
 * could. The command line prints the message of these, and only of these; anything else is named
 * by its type alone.
 */
public abstract class PrivflowException extends RuntimeException {
  protected PrivflowException(String message) {
    super(message);
  }

  /**
   * @param cause kept for the stack trace ({@code PRIVFLOW_DEBUG=1}); its message is never shown
   */
  protected PrivflowException(String message, Throwable cause) {
    super(message, cause);
  }
}
