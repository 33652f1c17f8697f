package io.privflow.ingest;

import io.privflow.engine.IngestProgress;
import io.privflow.rejects.IngestCounters;
import io.privflow.rejects.Rejection;
import io.privflow.rejects.Source;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Shared bookkeeping of the two reader DoFns: every record read ends as exactly one of accepted
 * output, a rejection, or filtered out (outside the time range), and is counted as read. The
 * counts leave per bundle on the {@link IngestCounters#TALLIES} output.
 */
abstract class ParseFn<I, T> extends DoFn<I, T> {
  final InputKind kind;
  final RecordParsers parsers;
  final TupleTag<T> acceptedTag;
  final TupleTag<Rejection> rejectedTag;
  private long read;
  private long filtered;
  private long accepted;

  ParseFn(InputKind kind, RecordParsers parsers, TupleTag<T> acceptedTag, TupleTag<Rejection> rejectedTag) {
    this.kind = kind;
    this.parsers = parsers;
    this.acceptedTag = acceptedTag;
    this.rejectedTag = rejectedTag;
  }

  @StartBundle
  public void startBundle() {
    read = 0;
    filtered = 0;
    accepted = 0;
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) {
    Source s = kind.source();
    tally(c, IngestCounters.read(s), read);
    tally(c, IngestCounters.filtered(s), filtered);
    if (kind == InputKind.CELLS) {
      // A parsed cell row is accepted (a tower outside every region is kept, see LocateCells);
      // events are accepted only once placed in a region, by MapToRegions.
      tally(c, IngestCounters.accepted(s), accepted);
    }
    IngestProgress.add(read);
  }

  private void tally(FinishBundleContext c, String name, long n) {
    c.output(IngestCounters.TALLIES, KV.of(name, n), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
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
      accepted++;
      out.get(acceptedTag).output(ok.value());
    } else if (parsed instanceof Parsed.Bad<T> bad) {
      out.get(rejectedTag)
          .output(Rejection.atIngest(kind.source(), file, recordNumber, bad.reason(), bad.detail()));
    } else {
      filtered++;
    }
  }
}
