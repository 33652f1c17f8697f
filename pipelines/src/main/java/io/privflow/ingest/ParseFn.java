package io.privflow.ingest;

import io.privflow.engine.IngestProgress;
import io.privflow.rejects.Rejection;
import io.privflow.rejects.Source;
import io.privflow.rejects.Tallies;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Shared bookkeeping of the two reader DoFns: every record read ends as exactly one of accepted
 * output, a rejection, or filtered out (outside the time range), and is counted as read. The
 * counts leave per bundle on the tallies output (see {@link Tallies}).
 */
abstract class ParseFn<I, T> extends DoFn<I, T> {
  final InputKind kind;
  final RecordParsers parsers;
  final TupleTag<T> acceptedTag;
  final TupleTag<Rejection> rejectedTag;
  final TupleTag<KV<String, Long>> talliesTag;
  private long read;
  private long filtered;
  private long accepted;

  ParseFn(InputKind kind, RecordParsers parsers, Outputs<T> tags) {
    this.kind = kind;
    this.parsers = parsers;
    this.acceptedTag = tags.accepted();
    this.rejectedTag = tags.rejected();
    this.talliesTag = tags.tallies();
  }

  /** The three outputs of a reader DoFn. */
  record Outputs<T>(TupleTag<T> accepted, TupleTag<Rejection> rejected, TupleTag<KV<String, Long>> tallies)
      implements java.io.Serializable {}

  @StartBundle
  public void startBundle() {
    read = 0;
    filtered = 0;
    accepted = 0;
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) {
    Source s = kind.source();
    tally(c, Tallies.read(s), read);
    tally(c, Tallies.filtered(s), filtered);
    if (kind == InputKind.CELLS) {
      // A parsed cell row is accepted (a tower outside every region is kept, see LocateCells);
      // events are accepted only once placed in a region, by MapToRegions.
      tally(c, Tallies.accepted(s), accepted);
    }
    IngestProgress.add(read);
  }

  private void tally(FinishBundleContext c, String name, long n) {
    c.output(talliesTag, KV.of(name, n), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
  }

  /** Parses one record; {@code file}/{@code recordNumber} locate it, and an event carries them on. */
  @SuppressWarnings("unchecked")
  final Parsed<T> parse(Row row, String file, long recordNumber) {
    return (Parsed<T>)
        switch (kind) {
          case NETWORK_EVENTS -> parsers.network(row, file, recordNumber);
          case GPS_EVENTS -> parsers.gps(row, file, recordNumber);
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
