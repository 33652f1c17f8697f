package io.privflow.ingest;

import io.privflow.engine.IngestProgress;
import io.privflow.rejects.Rejection;
import io.privflow.rejects.Source;
import io.privflow.rejects.Tallies;
import java.io.IOException;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The reader DoFn of {@link ReadInputs}: reads one split through {@link SplitReader}; every record
 * read ends as exactly one of accepted output, a rejection, or filtered out (outside the time
 * range), and is counted as read. The counts leave per bundle on the tallies output (see
 * {@link Tallies}).
 */
final class ParseFn<T> extends DoFn<KV<FileIO.ReadableFile, InputSplit>, T> {
  private final InputKind kind;
  private final SplitReader<T> reader;
  private final TupleTag<T> acceptedTag;
  private final TupleTag<Rejection> rejectedTag;
  private final TupleTag<KV<String, Long>> talliesTag;
  private transient long read;
  private transient long filtered;
  private transient long accepted;

  ParseFn(InputKind kind, SplitReader<T> reader, Outputs<T> tags) {
    this.kind = kind;
    this.reader = reader;
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

  @ProcessElement
  public void process(@Element KV<FileIO.ReadableFile, InputSplit> split, MultiOutputReceiver out)
      throws IOException {
    long before = read;
    reader.read(split.getKey(), split.getValue(), new SplitReader.Outcomes<T>() {
      @Override
      public void accepted(T value) {
        read++;
        accepted++;
        out.get(acceptedTag).output(value);
      }

      @Override
      public void rejected(Rejection r) {
        read++;
        out.get(rejectedTag).output(r);
      }

      @Override
      public void outOfRange() {
        read++;
        filtered++;
      }
    });
    IngestProgress.add(read - before);
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
  }

  private void tally(FinishBundleContext c, String name, long n) {
    c.output(talliesTag, KV.of(name, n), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
  }
}
