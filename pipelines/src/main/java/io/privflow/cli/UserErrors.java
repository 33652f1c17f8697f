package io.privflow.cli;

import io.privflow.PrivflowException;

/**
 * One-line descriptions of failures. A {@link PrivflowException}'s message is written to be safe
 * to show, so it is shown; anything else is named by its type only, because a library's message may
 * quote an input value (an identifier, say).
 */
public final class UserErrors {
  private UserErrors() {}

  public static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PrivflowException p) {
        return p.getMessage();
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return "the run failed with " + root.getClass().getName()
        + "; nothing was published (set PRIVFLOW_DEBUG=1 to print the stack trace)";
  }
}
