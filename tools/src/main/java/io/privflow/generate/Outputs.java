package io.privflow.generate;

import io.privflow.files.LocalParquet;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.parquet.hadoop.ParquetWriter;

/** How the generator writes files: RFC 4180 CSV with '\n' line ends, and Snappy Parquet. */
final class Outputs {
  private Outputs() {}

  /** RFC 4180 with Unix line ends: smaller, and what most exports on Linux look like. */
  static final CSVFormat CSV = CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

  static CSVPrinter csv(Path file, String... header) throws IOException {
    BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    CSVPrinter p = new CSVPrinter(w, CSV);
    p.printRecord((Object[]) header);
    return p;
  }

  /** A Parquet writer for a generated Avro class; an earlier file of that name is replaced. */
  static <T> ParquetWriter<T> parquet(Path file, Schema schema) throws IOException {
    Files.deleteIfExists(file);
    return LocalParquet.writer(file, schema);
  }
}
