package io.privflow.ingest;

import io.privflow.rejects.Rejection;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.values.TupleTag;

/** Validates Parquet rows read through ParquetIO; the reader does not say which file a row is from. */
final class ParseParquetRecordFn<T> extends ParseFn<GenericRecord, T> {
  private transient AvroRow row;

  ParseParquetRecordFn(InputKind kind, RecordParsers parsers, TupleTag<T> accepted, TupleTag<Rejection> rejected) {
    super(kind, parsers, accepted, rejected);
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
