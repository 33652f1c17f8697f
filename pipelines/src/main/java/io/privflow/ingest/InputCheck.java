package io.privflow.ingest;

import io.privflow.files.InputFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.schema.MessageType;

/**
 * Checks, on the driver and before any record is read, that every input pattern matches files and
 * that each file has the columns its kind needs: a file the run cannot read fails the run with a
 * message naming it, instead of a stack trace deep inside a worker.
 */
public final class InputCheck {
  private InputCheck() {}

  public static List<Path> check(InputKind kind, List<String> patterns) throws IOException {
    List<Path> all = new ArrayList<>();
    for (String pattern : patterns) {
      List<Path> files = InputFiles.expand(pattern);
      if (files.isEmpty()) {
        throw new InputFormatException("no file matches " + pattern + " (" + kind.source().label() + ")");
      }
      for (Path f : files) {
        if (pattern.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
          checkParquet(kind, f);
        } else {
          checkCsv(kind, f);
        }
      }
      all.addAll(files);
    }
    return all;
  }

  private static void checkCsv(InputKind kind, Path f) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null) {
        return; // empty file: no records
      }
      CsvHeader.requireColumns(kind, f.getFileName().toString(), CsvHeader.parse(header));
    } catch (java.nio.charset.MalformedInputException e) {
      throw new InputFormatException(f.getFileName() + ": the header line is not valid UTF-8");
    }
  }

  private static void checkParquet(InputKind kind, Path f) throws IOException {
    MessageType schema;
    try (ParquetFileReader r = ParquetFileReader.open(io.privflow.files.LocalParquet.inputFile(f))) {
      schema = r.getFooter().getFileMetaData().getSchema();
    } catch (IOException | RuntimeException e) {
      throw new InputFormatException(f.getFileName() + ": not a readable Parquet file");
    }
    Schema avro = new AvroSchemaConverter().convert(schema);
    List<String> problems = new ArrayList<>();
    for (String column : kind.requiredColumns()) {
      Schema.Field have = avro.getField(column);
      Schema.Field want = kind.schema().getField(column);
      if (have == null) {
        problems.add("lacks column " + column);
      } else if (!sameBaseType(have.schema(), want.schema())) {
        problems.add("column " + column + " is " + base(have.schema()).getType().getName()
            + ", expected " + base(want.schema()).getType().getName());
      }
    }
    if (!problems.isEmpty()) {
      throw new InputFormatException(f.getFileName() + " does not follow the " + kind.schema().getName()
          + " schema in schemas/: " + String.join(", ", problems));
    }
  }

  private static boolean sameBaseType(Schema a, Schema b) {
    return base(a).getType() == base(b).getType();
  }

  private static Schema base(Schema s) {
    if (s.getType() == Schema.Type.UNION) {
      for (Schema t : s.getTypes()) {
        if (t.getType() != Schema.Type.NULL) {
          return t;
        }
      }
    }
    return s;
  }
}
