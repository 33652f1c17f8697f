package io.privflow.generate;

import io.privflow.files.LocalParquet;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.parquet.hadoop.ParquetReader;

/** Test helpers: generate a small data set and read its files back. */
final class GeneratedData {
  private GeneratedData() {}

  static final LocalDate START = LocalDate.of(2020, 3, 2); // a Monday

  static GenerateSummary generate(Path dir, int devices, int days, long seed) throws IOException {
    return SampleDataGenerator.generate(new GenerateOptions(devices, days, seed, START, 0.3), dir, dir.getFileName().toString());
  }

  static List<Map<String, String>> csv(Path file) throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (CSVRecord rec : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
        rows.add(rec.toMap());
      }
    }
    return rows;
  }

  static List<GenericRecord> parquet(Path file) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    try (ParquetReader<GenericRecord> r = LocalParquet.reader(file)) {
      for (GenericRecord g = r.read(); g != null; g = r.read()) {
        rows.add(g);
      }
    }
    return rows;
  }
}
