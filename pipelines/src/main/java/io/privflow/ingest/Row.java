package io.privflow.ingest;

/**
 * One input record seen through its field names, whatever the file format. CSV rows give text;
 * Parquet rows give typed values. Each getter returns {@code null} for an absent or empty field and
 * throws {@link BadValue} for a value of the wrong form.
 */
interface Row {
  String text(String field);

  /** An instant in epoch milliseconds: ISO-8601 text, or a Parquet timestamp-millis. */
  Long instantMillis(String field) throws BadValue;

  Double number(String field) throws BadValue;

  /** A date as UTC epoch day: ISO date text, or a Parquet date. */
  Integer epochDay(String field) throws BadValue;

  /** A field value that does not parse; the message names the field, never its value. */
  final class BadValue extends Exception {
    BadValue(String message) {
      super(message, null, false, false);
    }
  }
}
