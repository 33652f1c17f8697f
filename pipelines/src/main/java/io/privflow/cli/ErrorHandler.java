package io.privflow.cli;

import picocli.CommandLine;

/**
 * Turns any exception that escapes a command into one line on stderr and exit code 1. Stack
 * traces are printed only with {@code PRIVFLOW_DEBUG=1}: an operator needs the reason, and a trace
 * could echo input values.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    cl.getErr().println("privflow: " + UserErrors.describe(e));
    if ("1".equals(System.getenv("PRIVFLOW_DEBUG"))) {
      e.printStackTrace(cl.getErr());
    }
    return 1;
  }
}
