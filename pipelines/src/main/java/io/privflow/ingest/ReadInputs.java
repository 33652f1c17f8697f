package io.privflow.ingest;

import io.privflow.model.CellRow;
import io.privflow.model.RawEvent;
import io.privflow.rejects.IngestCounters;
import io.privflow.rejects.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.generic.GenericData;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads one kind of input from CSV and Parquet files and validates every record. The output tuple
 * holds the accepted records under {@link #accepted()}, the rejections under {@link #REJECTED} and
 * the per-bundle counts under {@link IngestCounters#TALLIES}; records outside the time range are
 * counted and dropped.
 *
 * <p>The format follows the file name: {@code .parquet} is Parquet, anything else CSV with a
 * header row (gzip and friends are decompressed by extension).
 */
public final class ReadInputs<T> extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<Rejection> REJECTED = new TupleTag<>("rejected") {};

  private final InputKind kind;
  private final List<String> patterns;
  private final RecordParsers parsers;
  private final Coder<T> coder;
  private final TupleTag<T> accepted;

  private ReadInputs(InputKind kind, List<String> patterns, RecordParsers parsers, Coder<T> coder) {
    this.kind = kind;
    this.patterns = List.copyOf(patterns);
    this.parsers = parsers;
    this.coder = coder;
    this.accepted = new TupleTag<>("accepted-" + kind.source().label()) {};
  }

  /** Network events with {@code startMillis <= event_time < endMillis}. */
  public static ReadInputs<RawEvent> networkEvents(List<String> patterns, long startMillis, long endMillis) {
    return new ReadInputs<>(
        InputKind.NETWORK_EVENTS, patterns, new RecordParsers(startMillis, endMillis), RawEvent.RawEventCoder.of());
  }

  public static ReadInputs<RawEvent> gpsEvents(List<String> patterns, long startMillis, long endMillis) {
    return new ReadInputs<>(
        InputKind.GPS_EVENTS, patterns, new RecordParsers(startMillis, endMillis), RawEvent.RawEventCoder.of());
  }

  /** The cell reference; it has no time filter (validity is checked per event). */
  public static ReadInputs<CellRow> cells(List<String> patterns) {
    return new ReadInputs<>(
        InputKind.CELLS, patterns, new RecordParsers(Long.MIN_VALUE, Long.MAX_VALUE), CellRow.CellRowCoder.of());
  }

  public TupleTag<T> accepted() {
    return accepted;
  }

  static boolean isParquet(String pattern) {
    return pattern.toLowerCase(Locale.ROOT).endsWith(".parquet");
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    List<PCollection<T>> records = new ArrayList<>();
    List<PCollection<Rejection>> rejected = new ArrayList<>();
    List<PCollection<KV<String, Long>>> tallies = new ArrayList<>();
    List<String> csv = patterns.stream().filter(p -> !isParquet(p)).toList();
    List<String> parquet = patterns.stream().filter(ReadInputs::isParquet).toList();
    if (!csv.isEmpty()) {
      PCollectionTuple parsed =
          matchFiles(begin, "Csv", csv)
              .apply("ParseCsv", ParDo.of(new ParseCsvFileFn<>(kind, parsers, accepted, REJECTED))
                  .withOutputTags(accepted, TupleTagList.of(REJECTED).and(IngestCounters.TALLIES)));
      records.add(parsed.get(accepted).setCoder(coder));
      rejected.add(parsed.get(REJECTED).setCoder(Rejection.RejectionCoder.of()));
      tallies.add(parsed.get(IngestCounters.TALLIES).setCoder(IngestCounters.tallyCoder()));
    }
    if (!parquet.isEmpty()) {
      PCollectionTuple parsed =
          matchFiles(begin, "Parquet", parquet)
              .apply("ReadParquet", ParquetIO.readFiles(kind.projection())
                  .withAvroDataModel(GenericData.get())
                  .withProjection(kind.projection(), kind.projection()))
              .apply("ParseParquet", ParDo.of(new ParseParquetRecordFn<>(kind, parsers, accepted, REJECTED))
                  .withOutputTags(accepted, TupleTagList.of(REJECTED).and(IngestCounters.TALLIES)));
      records.add(parsed.get(accepted).setCoder(coder));
      rejected.add(parsed.get(REJECTED).setCoder(Rejection.RejectionCoder.of()));
      tallies.add(parsed.get(IngestCounters.TALLIES).setCoder(IngestCounters.tallyCoder()));
    }
    return PCollectionTuple.of(accepted, flatten(begin, "Records", records, coder))
        .and(REJECTED, flatten(begin, "Rejected", rejected, Rejection.RejectionCoder.of()))
        .and(IngestCounters.TALLIES, flatten(begin, "Tallies", tallies, IngestCounters.tallyCoder()));
  }

  private static PCollection<FileIO.ReadableFile> matchFiles(PBegin begin, String name, List<String> patterns) {
    return begin
        .apply(name + "Patterns", Create.of(patterns).withCoder(StringUtf8Coder.of()))
        .apply(name + "Match", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
        .apply(name + "Open", FileIO.readMatches());
  }

  private static <X> PCollection<X> flatten(PBegin begin, String name, List<PCollection<X>> parts, Coder<X> coder) {
    if (parts.isEmpty()) {
      return begin.apply(name + "None", Create.empty(coder));
    }
    return PCollectionList.of(parts).apply(name + "Flatten", Flatten.pCollections()).setCoder(coder);
  }
}
