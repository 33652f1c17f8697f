package io.privflow.ingest;

/** An input file the run cannot read at all (not one bad record, which is rejected instead). */
public final class InputFormatException extends RuntimeException {
  public InputFormatException(String message) {
    super(message);
  }
}
