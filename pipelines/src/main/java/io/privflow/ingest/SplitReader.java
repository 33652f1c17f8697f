package io.privflow.ingest;

import io.privflow.files.LocalParquet;
import io.privflow.model.CellRow;
import io.privflow.model.RawEvent;
import io.privflow.rejects.Rejection;
import java.io.IOException;
import java.io.Serializable;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Reads one {@link InputSplit} and validates every record: each ends as exactly one of accepted,
 * rejected (with its reason, file and record number) or out of the time range, handed to an
 * {@link Outcomes}. Plain Java: the reader DoFn of {@link ReadInputs} and the fused per-event step
 * of a release both read through it, so they accept and reject the same records.
 *
 * <p>A damaged Parquet file (a page checksum that does not match, a page that cannot be decoded,
 * rows missing) fails the run naming the file; a CSV line is rejected on its own.
 */
public final class SplitReader<T> implements Serializable {
  private final RecordParsers parsers;
  private final boolean events;

  private SplitReader(RecordParsers parsers, boolean events) {
    this.parsers = parsers;
    this.events = events;
  }

  /** A reader of network and GPS event splits; events are kept when {@code start <= time < end}. */
  public static SplitReader<RawEvent> events(long startMillis, long endMillis) {
    return new SplitReader<>(new RecordParsers(startMillis, endMillis), true);
  }

  /** A reader of cell-reference splits (no time filter: validity is checked per event). */
  static SplitReader<CellRow> cells() {
    return new SplitReader<>(new RecordParsers(Long.MIN_VALUE, Long.MAX_VALUE), false);
  }

  /** Where each record of a split goes. */
  public interface Outcomes<T> {
    void accepted(T value);

    void rejected(Rejection rejection);

    /** Well-formed but outside the time range: out of scope, neither accepted nor rejected. */
    void outOfRange();
  }

  /** Reads every record of the split into {@code out}. */
  public void read(FileIO.ReadableFile file, InputSplit split, Outcomes<T> out) throws IOException {
    if ((split.kind() == InputKind.CELLS) == events) {
      throw new IllegalArgumentException("a " + split.kind() + " split given to the wrong reader");
    }
    String name = file.getMetadata().resourceId().getFilename();
    if (split.parquet()) {
      readParquet(file, name, split, out);
    } else {
      CsvRow[] row = new CsvRow[1];
      CsvSplits.read(file, split,
          line -> {
            java.util.List<String> header = CsvHeader.parse(line);
            CsvHeader.requireColumns(split.kind(), name, header);
            row[0] = new CsvRow(header);
          },
          (line, recordNumber) -> route(CsvRecords.parse(this, split.kind(), row[0], line, name, recordNumber),
              split.kind(), name, recordNumber, out));
    }
  }

  /** Parses one record; {@code file}/{@code recordNumber} locate it, and an event carries them on. */
  @SuppressWarnings("unchecked")
  Parsed<T> parse(InputKind kind, Row row, String file, long recordNumber) {
    return (Parsed<T>)
        switch (kind) {
          case NETWORK_EVENTS -> parsers.network(row, file, recordNumber);
          case GPS_EVENTS -> parsers.gps(row, file, recordNumber);
          case CELLS -> parsers.cell(row);
        };
  }

  private void route(Parsed<T> parsed, InputKind kind, String file, long recordNumber, Outcomes<T> out) {
    if (parsed instanceof Parsed.Ok<T> ok) {
      out.accepted(ok.value());
    } else if (parsed instanceof Parsed.Bad<T> bad) {
      out.rejected(Rejection.atIngest(kind.source(), file, recordNumber, bad.reason(), bad.detail()));
    } else {
      out.outOfRange();
    }
  }

  private void readParquet(FileIO.ReadableFile file, String name, InputSplit split, Outcomes<T> out) {
    ParquetFileReader reader;
    try {
      reader = ParquetFileReader.open(ParquetSplits.input(file),
          ParquetReadOptions.builder().usePageChecksumVerification(true).build());
    } catch (IOException | RuntimeException e) {
      throw ParquetSplits.unreadable(file, e);
    }
    try (reader) {
      ParquetColumns columns = split.kind() == InputKind.CELLS ? null
          : ParquetColumns.of(split.kind(), reader.getFooter().getFileMetaData().getSchema());
      if (columns != null) {
        readColumns(reader, columns, file, name, split, out);
        return;
      }
    } catch (IOException e) {
      throw ParquetSplits.unreadable(file, e);
    }
    readRecords(file, name, split, out);
  }

  /** The fast path: values decoded column by column, no record objects. */
  private void readColumns(ParquetFileReader reader, ParquetColumns columns, FileIO.ReadableFile file, String name,
      InputSplit split, Outcomes<T> out) {
    ColumnReader[] readers;
    try {
      reader.setRequestedSchema(columns.projection());
      PageReadStore pages = reader.readRowGroup(split.index());
      readers = pages == null || pages.getRowCount() != split.rows() ? null
          : columns.open(pages, reader.getFooter().getFileMetaData().getCreatedBy());
    } catch (IOException | RuntimeException e) {
      throw ParquetSplits.damaged(file, e);
    }
    if (readers == null) {
      throw ParquetSplits.damaged(file, null);
    }
    for (ColumnReader r : readers) {
      if (r.getTotalValueCount() != split.rows()) {
        throw ParquetSplits.damaged(file, null);
      }
    }
    for (long n = 0; n < split.rows(); n++) {
      try {
        columns.advance(readers);
      } catch (RuntimeException e) {
        throw ParquetSplits.damaged(file, e);
      }
      long recordNumber = split.firstRecord() + n;
      // Outside the decoding's error handling: a failure downstream is not a damaged file.
      route(parse(split.kind(), columns, name, recordNumber), split.kind(), name, recordNumber, out);
    }
  }

  /** Any other schema: rows assembled as generic records by parquet-avro. */
  private void readRecords(FileIO.ReadableFile file, String name, InputSplit split, Outcomes<T> out) {
    AvroRow row = new AvroRow();
    long n = 0;
    ParquetReader<GenericRecord> r;
    try {
      r = LocalParquet.reader(ParquetSplits.input(file), split.kind().projection(), split.start(),
          split.start() + split.length());
    } catch (IOException | RuntimeException e) {
      throw ParquetSplits.unreadable(file, e);
    }
    try (r) {
      GenericRecord record;
      while ((record = next(r, file)) != null) {
        long recordNumber = split.firstRecord() + n++;
        row.reset(record);
        route(parse(split.kind(), row, name, recordNumber), split.kind(), name, recordNumber, out);
      }
    } catch (IOException e) {
      throw ParquetSplits.damaged(file, e);
    }
    if (n != split.rows()) {
      throw ParquetSplits.damaged(file, null);
    }
  }

  private static GenericRecord next(ParquetReader<GenericRecord> r, FileIO.ReadableFile file) {
    try {
      return r.read();
    } catch (IOException | RuntimeException e) {
      throw ParquetSplits.damaged(file, e);
    }
  }
}
