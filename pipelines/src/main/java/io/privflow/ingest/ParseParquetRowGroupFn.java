package io.privflow.ingest;

import io.privflow.files.LocalParquet;
import java.io.IOException;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.values.KV;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Reads one Parquet row group (only the kind's projected columns, page checksums verified) and
 * validates its rows; each row carries its file name and record number like a CSV line.
 *
 * <p>A damaged file fails the run: a page whose checksum does not match, a page that cannot be
 * decoded, or fewer rows than the footer promises. A damaged page could still decode into other
 * plausible values (a flipped bit in a dictionary index moves an event to another cell), so no
 * row of such a file can be trusted, and rejecting rows one by one would hide that.
 */
final class ParseParquetRowGroupFn<T> extends ParseFn<KV<FileIO.ReadableFile, ParquetRowGroups>, T> {
  private transient AvroRow row;

  ParseParquetRowGroupFn(InputKind kind, RecordParsers parsers, Outputs<T> tags) {
    super(kind, parsers, tags);
  }

  @Setup
  public void setup() {
    row = new AvroRow();
  }

  @ProcessElement
  public void process(@Element KV<FileIO.ReadableFile, ParquetRowGroups> slice, MultiOutputReceiver out) {
    FileIO.ReadableFile file = slice.getKey();
    ParquetRowGroups group = slice.getValue();
    String name = file.getMetadata().resourceId().getFilename();
    long n = 0;
    try (ParquetReader<GenericRecord> r = open(file, group)) {
      GenericRecord record;
      while ((record = next(r, file)) != null) {
        long recordNumber = group.firstRecord() + n++;
        row.reset(record);
        // Outside the reader's error handling: a failure downstream is not a damaged file.
        emit(parse(row, name, recordNumber), name, recordNumber, out);
      }
    } catch (IOException e) {
      throw damaged(file, e);
    }
    if (n != group.rows()) {
      throw damaged(file, null);
    }
  }

  private ParquetReader<GenericRecord> open(FileIO.ReadableFile file, ParquetRowGroups group) {
    try {
      return LocalParquet.reader(ParquetRowGroups.input(file), kind.projection(), group.start(),
          group.start() + group.length());
    } catch (IOException | RuntimeException e) {
      throw new InputFormatException(ParquetRowGroups.path(file) + ": not a readable Parquet file", e);
    }
  }

  private static GenericRecord next(ParquetReader<GenericRecord> r, FileIO.ReadableFile file) {
    try {
      return r.read();
    } catch (IOException | RuntimeException e) {
      throw damaged(file, e);
    }
  }

  private static InputFormatException damaged(FileIO.ReadableFile file, Throwable cause) {
    return new InputFormatException(ParquetRowGroups.path(file) + ": the Parquet file is damaged (a page checksum"
        + " does not match, a page cannot be decoded, or rows are missing); no record of it can be trusted", cause);
  }
}
