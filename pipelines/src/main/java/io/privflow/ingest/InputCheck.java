package io.privflow.ingest;

import io.privflow.files.InputFiles;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.Compression;
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
        if (InputCompression.isParquet(pattern)) {
          checkParquet(kind, f);
        } else {
          checkCsv(kind, f);
        }
      }
      all.addAll(files);
    }
    return all;
  }

  /** The header of a CSV file, decompressed exactly as the reader will (see InputCompression). */
  private static void checkCsv(InputKind kind, Path f) throws IOException {
    String name = f.getFileName().toString();
    Compression compression = InputCompression.of(name);
    if (compression == Compression.ZIP) {
      requireOneEntry(f);
    }
    byte[] first;
    try (InputStream in = new BufferedInputStream(Channels.newInputStream(
        compression.readDecompressed(FileChannel.open(f, StandardOpenOption.READ))), 1 << 16)) {
      first = firstLine(in);
    } catch (IOException | RuntimeException e) {
      // A truncated or corrupt archive, or one in another format than its suffix says.
      throw new InputFormatException(name + ": cannot be decompressed as a "
          + compression.getSuggestedSuffix() + " file", e);
    }
    if (first == null) {
      return; // empty file: no records
    }
    if (first.length > CsvRecords.MAX_LINE_CHARS) {
      throw new InputFormatException(name + ": the first line is longer than " + CsvRecords.MAX_LINE_CHARS
          + " bytes (is the first line a header?)");
    }
    String header;
    try {
      header = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(first)).toString();
    } catch (CharacterCodingException e) {
      throw new InputFormatException(name + ": the header line is not valid UTF-8");
    }
    CsvHeader.requireColumns(kind, name, CsvHeader.parse(header));
  }

  /**
   * The bytes of the first line (without its end), at most one byte over the line limit, or null
   * for an empty file. Only that line is decoded: a bad byte further on is the reader's to reject.
   */
  private static byte[] firstLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b = in.read();
    if (b < 0) {
      return null;
    }
    while (b >= 0 && b != '\n' && line.size() <= CsvRecords.MAX_LINE_CHARS) {
      line.write(b);
      b = in.read();
    }
    byte[] bytes = line.toByteArray();
    int n = bytes.length;
    return n > 0 && bytes[n - 1] == '\r' ? java.util.Arrays.copyOf(bytes, n - 1) : bytes;
  }

  /** The reader would run every entry of a zip file together, headers included: one CSV per zip. */
  private static void requireOneEntry(Path f) {
    int entries;
    try (ZipFile zip = new ZipFile(f.toFile())) {
      entries = zip.size();
    } catch (IOException e) {
      throw new InputFormatException(f.getFileName() + ": cannot be decompressed as a .zip file", e);
    }
    if (entries != 1) {
      throw new InputFormatException(f.getFileName() + ": a .zip input must hold exactly one CSV file; it holds "
          + entries + " entries");
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
