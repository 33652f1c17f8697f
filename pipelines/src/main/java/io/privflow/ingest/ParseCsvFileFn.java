package io.privflow.ingest;

import io.privflow.rejects.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.Channels;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads one CSV file line by line, decompressed as its name says (see {@link InputCompression}). A
 * bad line is rejected on its own and reading goes on, so one broken quote or a stray 10 MB line
 * never costs the rest of the file.
 *
 * <p>Lines without a quote character are split on commas directly (the common case, and far
 * cheaper); lines with quotes go through Commons CSV.
 */
final class ParseCsvFileFn<T> extends ParseFn<FileIO.ReadableFile, T> {
  /** Longer lines are rejected unparsed: no legitimate record comes close. */
  static final int MAX_LINE_CHARS = 64 * 1024;

  private static final CSVFormat LINE_FORMAT = CSVFormat.RFC4180;

  ParseCsvFileFn(InputKind kind, RecordParsers parsers, Outputs<T> tags) {
    super(kind, parsers, tags);
  }

  @ProcessElement
  public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) throws IOException {
    String name = file.getMetadata().resourceId().getFilename();
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (BufferedReader in = new BufferedReader(
        Channels.newReader(InputCompression.decompressed(name, file.open()), decoder, -1), 1 << 16)) {
      String headerLine = in.readLine();
      if (headerLine == null) {
        return; // an empty file holds no records
      }
      List<String> header = CsvHeader.parse(headerLine);
      CsvHeader.requireColumns(kind, name, header);
      CsvRow row = new CsvRow(header);
      long recordNumber = 0;
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue; // not a record
        }
        recordNumber++;
        emit(parseLine(row, line, name, recordNumber), name, recordNumber, out);
      }
    }
  }

  private Parsed<T> parseLine(CsvRow row, String line, String name, long recordNumber) {
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
    return parse(row, name, recordNumber);
  }
}
