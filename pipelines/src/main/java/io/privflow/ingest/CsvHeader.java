package io.privflow.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** A CSV header: column names, matched case-insensitively and in any order. */
public final class CsvHeader {
  private CsvHeader() {}

  public static List<String> parse(String headerLine) throws IOException {
    String line = headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine;
    try (CSVParser p = CSVParser.parse(new StringReader(line), CSVFormat.RFC4180)) {
      List<CSVRecord> records = p.getRecords();
      List<String> names = new ArrayList<>();
      if (!records.isEmpty()) {
        for (String v : records.get(0).values()) {
          names.add(v.strip().toLowerCase(Locale.ROOT));
        }
      }
      return names;
    }
  }

  /**
   * Fails with a message naming the file and the missing columns: the run cannot read it. The
   * columns found are not quoted: a file without a header has data in its first line, and that
   * could be an identifier.
   */
  public static void requireColumns(InputKind kind, String file, List<String> header) {
    List<String> missing = new ArrayList<>();
    for (String c : kind.requiredColumns()) {
      if (!header.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new InputFormatException(
          file + ": the header lacks column(s) " + String.join(", ", missing) + " required for "
              + kind.source().label() + " (is the first line a header?)");
    }
  }
}
