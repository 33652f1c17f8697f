package io.privflow.ingest;

import io.privflow.rejects.Reason;

/** What parsing one input record gave: a value, a rejection, or an event outside the time range. */
sealed interface Parsed<T> {
  record Ok<T>(T value) implements Parsed<T> {}

  record Bad<T>(Reason reason, String detail) implements Parsed<T> {}

  /** Well-formed, but outside the request's time range: filtered out, not rejected. */
  record OutOfRange<T>() implements Parsed<T> {}
}
