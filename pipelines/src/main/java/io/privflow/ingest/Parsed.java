package io.privflow.ingest;

import io.privflow.rejects.Reason;

/** What parsing one input record gave: a value, a rejection, or an event outside the time range. */
sealed interface Parsed<T> {
  /** This outcome as an outcome of another type; only for outcomes that hold no value. */
  @SuppressWarnings("unchecked")
  default <U> Parsed<U> recast() {
    if (this instanceof Ok<T>) {
      throw new IllegalStateException("an accepted value cannot change its type");
    }
    return (Parsed<U>) this;
  }

  record Ok<T>(T value) implements Parsed<T> {}

  record Bad<T>(Reason reason, String detail) implements Parsed<T> {}

  /** Well-formed, but outside the request's time range: filtered out, not rejected. */
  record OutOfRange<T>() implements Parsed<T> {}
}
