package io.privflow.ingest;

import io.privflow.model.CellRow;
import io.privflow.model.RawEvent;
import io.privflow.rejects.Rejection;
import io.privflow.rejects.StageResult;
import io.privflow.rejects.Tallies;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads one kind of input from CSV and Parquet files and validates every record: the accepted
 * records, the rejections (each with its reason code) and the per-bundle tallies leave as one
 * {@link StageResult}; records outside the time range are counted and dropped. Every record, and
 * every event it becomes, knows its file name and record number.
 *
 * <p>The files are read by {@link InputSplits} (Parquet row groups with page checksums verified,
 * CSV ranges) through {@link SplitReader}, which the release's fused per-event step also uses.
 */
public final class ReadInputs<T> extends PTransform<PBegin, StageResult<T>> {
  private final InputKind kind;
  private final List<String> patterns;
  private final SplitReader<T> reader;
  private final Coder<T> coder;
  private final long csvSplitBytes;

  private ReadInputs(InputKind kind, List<String> patterns, SplitReader<T> reader, Coder<T> coder,
      long csvSplitBytes) {
    this.kind = kind;
    this.patterns = List.copyOf(patterns);
    this.reader = reader;
    this.coder = coder;
    this.csvSplitBytes = csvSplitBytes;
  }

  /** Network events with {@code startMillis <= event_time < endMillis}. */
  public static ReadInputs<RawEvent> networkEvents(List<String> patterns, long startMillis, long endMillis) {
    return new ReadInputs<>(InputKind.NETWORK_EVENTS, patterns, SplitReader.events(startMillis, endMillis),
        RawEvent.CODER, CsvSplits.SPLIT_BYTES);
  }

  public static ReadInputs<RawEvent> gpsEvents(List<String> patterns, long startMillis, long endMillis) {
    return new ReadInputs<>(InputKind.GPS_EVENTS, patterns, SplitReader.events(startMillis, endMillis),
        RawEvent.CODER, CsvSplits.SPLIT_BYTES);
  }

  /** The cell reference; it has no time filter (validity is checked per event). */
  public static ReadInputs<CellRow> cells(List<String> patterns) {
    return new ReadInputs<>(InputKind.CELLS, patterns, SplitReader.cells(), CellRow.CODER, CsvSplits.SPLIT_BYTES);
  }

  /** This reader with CSV ranges of another size (tests cut small files). */
  ReadInputs<T> withCsvSplitBytes(long bytes) {
    return new ReadInputs<>(kind, patterns, reader, coder, bytes);
  }

  static boolean isParquet(String pattern) {
    return InputCompression.isParquet(pattern);
  }

  @Override
  public StageResult<T> expand(PBegin begin) {
    ParseFn.Outputs<T> tags = new ParseFn.Outputs<>(new TupleTag<>("accepted") {}, new TupleTag<>("rejected") {},
        Tallies.tag());
    PCollectionTuple parsed = begin
        .apply("Splits", InputSplits.of(kind, patterns, csvSplitBytes))
        .apply("SpreadSplits", Reshuffle.viaRandomKey())
        .apply("Parse", ParDo.of(new ParseFn<>(kind, reader, tags))
            .withOutputTags(tags.accepted(), TupleTagList.of(tags.rejected()).and(tags.tallies())));
    return StageResult.of(parsed.get(tags.accepted()).setCoder(coder),
        parsed.get(tags.rejected()).setCoder(Rejection.CODER), parsed.get(tags.tallies()).setCoder(Tallies.CODER));
  }
}
