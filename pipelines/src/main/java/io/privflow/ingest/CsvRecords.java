package io.privflow.ingest;

import io.privflow.rejects.Reason;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One CSV line as a record. A bad line is rejected on its own and reading goes on, so one broken
 * quote or a stray 10 MB line never costs the rest of the file.
 *
 * <p>Lines without a quote character are split on commas directly (the common case, and far
 * cheaper); lines with quotes go through Commons CSV.
 */
final class CsvRecords {
  /** Longer lines are rejected unparsed: no legitimate record comes close. */
  static final int MAX_LINE_CHARS = 64 * 1024;

  private static final CSVFormat LINE_FORMAT = CSVFormat.RFC4180;

  private CsvRecords() {}

  static <T> Parsed<T> parse(SplitReader<T> reader, InputKind kind, CsvRow row, String line, String name,
      long recordNumber) {
    if (line.length() > MAX_LINE_CHARS) {
      return new Parsed.Bad<>(Reason.MALFORMED_ROW, "line longer than " + MAX_LINE_CHARS + " characters");
    }
    if (line.indexOf('\uFFFD') >= 0) {
      return new Parsed.Bad<>(Reason.MALFORMED_ROW, "line is not valid UTF-8");
    }
    String[] values;
    if (line.indexOf('"') < 0) {
      values = line.split(",", -1);
    } else {
      try (CSVParser p = CSVParser.parse(new StringReader(line), LINE_FORMAT)) {
        List<CSVRecord> records = p.getRecords();
        if (records.size() != 1) {
          return new Parsed.Bad<>(Reason.MALFORMED_ROW, "line is not one CSV record");
        }
        values = records.get(0).values();
      } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
        return new Parsed.Bad<>(Reason.MALFORMED_ROW, "unbalanced or misplaced quotes");
      }
    }
    if (values.length != row.width()) {
      return new Parsed.Bad<>(
          Reason.MALFORMED_ROW, "has " + values.length + " columns, the header has " + row.width());
    }
    row.reset(values);
    return reader.parse(kind, row, name, recordNumber);
  }
}
