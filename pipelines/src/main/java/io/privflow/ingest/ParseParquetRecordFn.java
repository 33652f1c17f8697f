package io.privflow.ingest;

import org.apache.avro.generic.GenericRecord;

/** Validates Parquet rows read through ParquetIO; the reader does not say which file a row is from. */
final class ParseParquetRecordFn<T> extends ParseFn<GenericRecord, T> {
  private transient AvroRow row;

  ParseParquetRecordFn(InputKind kind, RecordParsers parsers, Outputs<T> tags) {
    super(kind, parsers, tags);
  }

  @Setup
  public void setup() {
    row = new AvroRow();
  }

  @ProcessElement
  public void process(@Element GenericRecord record, MultiOutputReceiver out) {
    row.reset(record);
    emit(parse(row), "(parquet)", -1, out);
  }
}
