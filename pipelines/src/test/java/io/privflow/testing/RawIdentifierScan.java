package io.privflow.testing;

import io.privflow.files.LocalParquet;
import io.privflow.model.Identifiers;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.parquet.hadoop.ParquetReader;

/** Collects every raw identifier of some input files and looks for them in output files. */
public final class RawIdentifierScan {
  private final Set<String> identifiers = new LinkedHashSet<>();

  /** Adds the identifiers of a CSV input column, in raw and normalised form. */
  public RawIdentifierScan addCsvColumn(Path csv, String column) throws IOException {
    try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      for (CSVRecord rec : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
        if (!rec.isSet(column)) {
          continue;
        }
        String raw = rec.get(column).strip();
        String norm = Identifiers.normalise(raw);
        if (norm != null && norm.length() >= 6) { // shorter strings would match by chance
          identifiers.add(raw);
          identifiers.add(norm);
        }
      }
    }
    return this;
  }

  public int size() {
    return identifiers.size();
  }

  /** Every file under the roots, as text (Parquet decoded record by record), that holds an identifier. */
  public List<String> findIn(Path... roots) throws IOException {
    List<String> hits = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String text = text(f);
          for (String id : identifiers) {
            if (text.contains(id)) {
              hits.add(f + " contains a raw identifier");
              break;
            }
          }
        }
      }
    }
    return hits;
  }

  public List<String> findInText(String name, String text) {
    List<String> hits = new ArrayList<>();
    for (String id : identifiers) {
      if (text.contains(id)) {
        hits.add(name + " contains a raw identifier");
        break;
      }
    }
    return hits;
  }

  private static String text(Path f) throws IOException {
    String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
    if (!f.getFileName().toString().endsWith(".parquet")) {
      return bytes;
    }
    StringBuilder b = new StringBuilder(bytes);
    try (ParquetReader<GenericRecord> r = LocalParquet.reader(f)) {
      for (GenericRecord rec = r.read(); rec != null; rec = r.read()) {
        b.append('\n').append(rec);
      }
    }
    return b.toString();
  }
}
