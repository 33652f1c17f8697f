package io.privflow.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parsing of the textual forms shared by CSV and string-typed Parquet columns. */
final class Values {
  private Values() {}

  /** ISO-8601 instant with Z or an explicit offset; a local time without offset is ambiguous. */
  static long parseInstantMillis(String field, String text) throws Row.BadValue {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(text).toInstant().toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw new Row.BadValue(field + " is not an ISO-8601 instant with a zone offset");
      }
    } catch (ArithmeticException e) {
      throw new Row.BadValue(field + " is out of range");
    }
  }

  static double parseNumber(String field, String text) throws Row.BadValue {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new Row.BadValue(field + " is not a number");
    }
  }

  static int parseEpochDay(String field, String text) throws Row.BadValue {
    try {
      return Math.toIntExact(LocalDate.parse(text).toEpochDay());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new Row.BadValue(field + " is not an ISO date (YYYY-MM-DD)");
    }
  }
}
