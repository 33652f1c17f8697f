package io.privflow.consent;

import io.privflow.files.LocalParquet;
import io.privflow.ingest.CsvHeader;
import io.privflow.model.Pseudonym;
import io.privflow.pseudonymize.Pseudonymizer;
import io.privflow.rejects.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Reads the consent registry (CSV with a header row in any column order, or Parquet with the
 * {@code ConsentRecord} schema) on the driver: a registry is small, and the run needs its figures
 * before it starts. Every row ends as one valid {@link ConsentGrant} or one {@link Rejected} with a
 * reason; a rejected row is never consent.
 *
 * <p>Identifiers are pseudonymised here, with the events' key and normalisation. The registry's
 * own spelling is kept beside the pseudonym because the export names consenting subjects by it.
 * Purposes are normalised here too ({@link ConsentPurposes#normalise}), and a row whose purpose is
 * not one of the policy's {@code consent_purposes} is rejected ({@link Reason#UNKNOWN_PURPOSE}).
 */
final class ConsentRegistry {
  static final List<String> REQUIRED_COLUMNS =
      List.of("subject_id", "purpose", "granted_at", "consent_text_version", "channel");
  static final int MAX_LINE_CHARS = 64 * 1024;

  private ConsentRegistry() {}

  /**
   * A registry row that is not consent. {@code pseudonym} and {@code purpose} (normalised) are kept
   * when they could be read, so the rules can fail closed for that subject (the row may have been a
   * withdrawal); the detail names the field, never its value.
   */
  record Rejected(String file, long recordNumber, Reason reason, String detail, Pseudonym pseudonym, String purpose) {}

  /** Everything read from the registry files. */
  record Contents(List<ConsentGrant> grants, List<Rejected> rejected) {
    long rows() {
      return grants.size() + rejected.size();
    }
  }

  /** The files the patterns name; refuses when there are none, or when any named file is missing. */
  static List<Path> files(List<String> patterns) throws IOException {
    if (patterns.isEmpty()) {
      throw new ConsentRefusedException("no consent registry: inputs.consent_registry names no file; without a"
          + " registry no subject has consent and nothing may be exported");
    }
    List<Path> all = new ArrayList<>();
    for (String pattern : patterns) {
      List<Path> files = io.privflow.files.InputFiles.expand(pattern);
      if (files.isEmpty()) {
        // A missing part of the registry could hold withdrawals: never run on what is left.
        throw new ConsentRefusedException("no consent registry: no file matches " + pattern
            + " (inputs.consent_registry)");
      }
      all.addAll(files);
    }
    return all;
  }

  static Contents read(List<Path> files, Pseudonymizer pseudonymizer, ConsentPurposes purposes) throws IOException {
    List<ConsentGrant> grants = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    RowParser parser = new RowParser(pseudonymizer, purposes, grants, rejected);
    for (Path f : files) {
      if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
        readParquet(f, parser);
      } else {
        readCsv(f, parser);
      }
    }
    return new Contents(List.copyOf(grants), List.copyOf(rejected));
  }

  private static void readCsv(Path f, RowParser parser) throws IOException {
    String name = f.getFileName().toString();
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(f), decoder))) {
      String headerLine = in.readLine();
      if (headerLine == null) {
        return;
      }
      List<String> header = CsvHeader.parse(headerLine);
      List<String> missing = REQUIRED_COLUMNS.stream().filter(c -> !header.contains(c)).toList();
      if (!missing.isEmpty()) {
        throw new ConsentRefusedException("consent registry " + name + ": the header lacks column(s) "
            + String.join(", ", missing));
      }
      long record = 0;
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        record++;
        String[] values = split(line);
        if (values == null || values.length != header.size()) {
          parser.reject(name, record, Reason.MALFORMED_ROW, values == null
              ? "line is not one CSV record (quotes, length or UTF-8)"
              : "has " + values.length + " columns, the header has " + header.size());
          continue;
        }
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.putIfAbsent(header.get(i), values[i]);
        }
        parser.parse(name, record, row);
      }
    }
  }

  /** The values of one CSV line, or null when it is not one well-formed record. */
  private static String[] split(String line) {
    if (line.length() > MAX_LINE_CHARS || line.indexOf('\uFFFD') >= 0) {
      return null;
    }
    if (line.indexOf('"') < 0) {
      return line.split(",", -1);
    }
    try (CSVParser p = CSVParser.parse(new StringReader(line), CSVFormat.RFC4180)) {
      List<CSVRecord> records = p.getRecords();
      return records.size() == 1 ? records.get(0).values() : null;
    } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
      return null;
    }
  }

  private static void readParquet(Path f, RowParser parser) throws IOException {
    String name = f.getFileName().toString();
    long record = 0;
    try (ParquetReader<GenericRecord> r = LocalParquet.reader(f)) {
      GenericRecord first = r.read();
      if (first == null) {
        return;
      }
      List<String> missing = REQUIRED_COLUMNS.stream().filter(c -> first.getSchema().getField(c) == null).toList();
      if (!missing.isEmpty()) {
        throw new ConsentRefusedException("consent registry " + name + " does not follow the ConsentRecord schema in"
            + " schemas/: it lacks column(s) " + String.join(", ", missing));
      }
      for (GenericRecord g = first; g != null; g = r.read()) {
        record++;
        Map<String, Object> row = new HashMap<>();
        for (var field : g.getSchema().getFields()) {
          Object v = g.get(field.pos());
          row.put(field.name(), v instanceof CharSequence cs ? cs.toString() : v);
        }
        parser.parse(name, record, row);
      }
    } catch (ConsentRefusedException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ConsentRefusedException("consent registry " + name + " is not a readable Parquet file");
    }
  }

  /** Field validation shared by both formats; values are text, or typed Parquet values. */
  private static final class RowParser {
    private final Pseudonymizer pseudonymizer;
    private final ConsentPurposes purposes;
    private final List<ConsentGrant> grants;
    private final List<Rejected> rejected;

    RowParser(Pseudonymizer pseudonymizer, ConsentPurposes purposes, List<ConsentGrant> grants,
        List<Rejected> rejected) {
      this.pseudonymizer = pseudonymizer;
      this.purposes = purposes;
      this.grants = grants;
      this.rejected = rejected;
    }

    void reject(String file, long record, Reason reason, String detail) {
      rejected.add(new Rejected(file, record, reason, detail, null, null));
    }

    void parse(String file, long record, Map<String, Object> row) {
      String subject = text(row, "subject_id");
      Pseudonym p = subject == null ? null : pseudonymizer.pseudonymize(subject);
      // Normalised once here: grants and withdrawals compare in this form ("" counts as missing).
      String purpose = ConsentPurposes.normalise(text(row, "purpose"));
      if (purpose.isEmpty()) {
        purpose = null;
      }
      String problem = null;
      Reason reason = null;
      long granted = 0;
      long until = ConsentGrant.OPEN;
      long revoked = ConsentGrant.OPEN;
      try {
        if (subject == null) {
          reason = Reason.MISSING_FIELD;
          problem = "subject_id is missing or empty";
        } else if (p == null) {
          reason = Reason.EMPTY_IDENTIFIER;
          problem = "subject_id is empty once normalised";
        } else if (purpose == null) {
          reason = Reason.MISSING_FIELD;
          problem = "purpose is missing or empty";
        } else if (purposes.keyOf(purpose) == null) {
          reason = Reason.UNKNOWN_PURPOSE;
          problem = "purpose is not one of the policy's consent_purposes";
        } else {
          Long g = instant(row, "granted_at");
          Long u = instant(row, "valid_until");
          Long v = instant(row, "revoked_at");
          if (g == null) {
            reason = Reason.MISSING_FIELD;
            problem = "granted_at is missing or empty";
          } else if (u != null && u <= g) {
            reason = Reason.BAD_VALIDITY;
            problem = "valid_until is not after granted_at";
          } else if (v != null && v < g) {
            reason = Reason.BAD_VALIDITY;
            problem = "revoked_at is before granted_at";
          } else if (text(row, "consent_text_version") == null) {
            reason = Reason.MISSING_FIELD;
            problem = "consent_text_version is missing or empty (consent must be demonstrable)";
          } else if (text(row, "channel") == null) {
            reason = Reason.MISSING_FIELD;
            problem = "channel is missing or empty";
          } else {
            granted = g;
            until = u == null ? ConsentGrant.OPEN : u;
            revoked = v == null ? ConsentGrant.OPEN : v;
          }
        }
      } catch (BadTime e) {
        reason = Reason.BAD_TIME;
        problem = e.getMessage();
      }
      if (problem != null) {
        rejected.add(new Rejected(file, record, reason, problem, p, purpose));
        return;
      }
      grants.add(new ConsentGrant(p, subject, purpose, granted, until, revoked,
          text(row, "consent_text_version"), text(row, "channel")));
    }

    private static String text(Map<String, Object> row, String field) {
      Object v = row.get(field);
      if (v == null) {
        return null;
      }
      String s = v.toString().strip();
      return s.isEmpty() ? null : s;
    }

    private static Long instant(Map<String, Object> row, String field) throws BadTime {
      Object v = row.get(field);
      if (v instanceof Long l) {
        return l;
      }
      if (v instanceof Instant i) {
        return i.toEpochMilli();
      }
      String s = text(row, field);
      if (s == null) {
        return null;
      }
      try {
        return Instant.parse(s).toEpochMilli();
      } catch (DateTimeParseException e) {
        try {
          return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e2) {
          throw new BadTime(field + " is not an ISO-8601 instant with a zone offset");
        }
      } catch (ArithmeticException e) {
        throw new BadTime(field + " is out of range");
      }
    }
  }

  private static final class BadTime extends Exception {
    BadTime(String message) {
      super(message, null, false, false);
    }
  }
}
