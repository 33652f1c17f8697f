package io.privflow.ingest;

import io.privflow.rejects.Rejection;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Shared bookkeeping of the two reader DoFns: every record read ends as exactly one of accepted
 * output, a rejection, or filtered out (outside the time range), and is counted as read.
 */
abstract class ParseFn<I, T> extends DoFn<I, T> {
  final InputKind kind;
  final RecordParsers parsers;
  final TupleTag<T> acceptedTag;
  final TupleTag<Rejection> rejectedTag;
  private final Counter readCounter;
  private final Counter filteredCounter;
  private long read;
  private long filtered;

  ParseFn(InputKind kind, RecordParsers parsers, TupleTag<T> acceptedTag, TupleTag<Rejection> rejectedTag) {
    this.kind = kind;
    this.parsers = parsers;
    this.acceptedTag = acceptedTag;
    this.rejectedTag = rejectedTag;
    this.readCounter = Metrics.counter(IngestCounters.NAMESPACE, IngestCounters.read(kind.source()));
    this.filteredCounter =
        Metrics.counter(IngestCounters.NAMESPACE, IngestCounters.filtered(kind.source()));
  }

  @StartBundle
  public void startBundle() {
    read = 0;
    filtered = 0;
  }

  @FinishBundle
  public void finishBundle() {
    readCounter.inc(read);
    filteredCounter.inc(filtered);
    IngestProgress.add(read);
  }

  @SuppressWarnings("unchecked")
  final Parsed<T> parse(Row row) {
    return (Parsed<T>)
        switch (kind) {
          case NETWORK_EVENTS -> parsers.network(row);
          case GPS_EVENTS -> parsers.gps(row);
          case CELLS -> parsers.cell(row);
        };
  }

  /** Routes one parse outcome; {@code file}/{@code recordNumber} locate it for the custodian. */
  final void emit(Parsed<T> parsed, String file, long recordNumber, MultiOutputReceiver out) {
    read++;
    if (parsed instanceof Parsed.Ok<T> ok) {
      out.get(acceptedTag).output(ok.value());
    } else if (parsed instanceof Parsed.Bad<T> bad) {
      out.get(rejectedTag)
          .output(Rejection.atIngest(kind.source(), file, recordNumber, bad.reason(), bad.detail()));
    } else {
      filtered++;
    }
  }
}
