package io.privflow.accuracy;

import io.privflow.PrivflowException;

/** A failure of the accuracy command, safe to show: it names options, files and settings, never a count. */
final class AccuracyException extends PrivflowException {
  AccuracyException(String message) {
    super(message);
  }
}
