package io.privflow.ingest;

import io.privflow.model.CellRow;
import io.privflow.model.RawEvent;
import io.privflow.rejects.Rejection;
import io.privflow.rejects.StageResult;
import io.privflow.rejects.Tallies;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.ReadableFileCoder;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads one kind of input from CSV and Parquet files and validates every record: the accepted
 * records, the rejections (each with its reason code) and the per-bundle tallies leave as one
 * {@link StageResult}; records outside the time range are counted and dropped. Every record, and
 * every event it becomes, knows its file name and record number.
 *
 * <p>The format follows the file name: {@code .parquet} is Parquet (read by row group, page
 * checksums verified), anything else CSV with a header row, decompressed by its suffix as
 * {@link InputCompression} says.
 */
public final class ReadInputs<T> extends PTransform<PBegin, StageResult<T>> {
  private final InputKind kind;
  private final List<String> patterns;
  private final RecordParsers parsers;
  private final Coder<T> coder;

  private ReadInputs(InputKind kind, List<String> patterns, RecordParsers parsers, Coder<T> coder) {
    this.kind = kind;
    this.patterns = List.copyOf(patterns);
    this.parsers = parsers;
    this.coder = coder;
  }

  /** Network events with {@code startMillis <= event_time < endMillis}. */
  public static ReadInputs<RawEvent> networkEvents(List<String> patterns, long startMillis, long endMillis) {
    return new ReadInputs<>(InputKind.NETWORK_EVENTS, patterns, new RecordParsers(startMillis, endMillis), RawEvent.CODER);
  }

  public static ReadInputs<RawEvent> gpsEvents(List<String> patterns, long startMillis, long endMillis) {
    return new ReadInputs<>(InputKind.GPS_EVENTS, patterns, new RecordParsers(startMillis, endMillis), RawEvent.CODER);
  }

  /** The cell reference; it has no time filter (validity is checked per event). */
  public static ReadInputs<CellRow> cells(List<String> patterns) {
    return new ReadInputs<>(InputKind.CELLS, patterns, new RecordParsers(Long.MIN_VALUE, Long.MAX_VALUE), CellRow.CODER);
  }

  static boolean isParquet(String pattern) {
    return InputCompression.isParquet(pattern);
  }

  @Override
  public StageResult<T> expand(PBegin begin) {
    List<PCollection<T>> records = new ArrayList<>();
    List<PCollection<Rejection>> rejected = new ArrayList<>();
    List<PCollection<KV<String, Long>>> tallies = new ArrayList<>();
    ParseFn.Outputs<T> tags = new ParseFn.Outputs<>(new TupleTag<>("accepted") {}, new TupleTag<>("rejected") {},
        Tallies.tag());
    List<String> csv = patterns.stream().filter(p -> !isParquet(p)).toList();
    List<String> parquet = patterns.stream().filter(ReadInputs::isParquet).toList();
    if (!csv.isEmpty()) {
      PCollectionTuple parsed = matchFiles(begin, "Csv", csv)
          .apply("ParseCsv", ParDo.of(new ParseCsvFileFn<>(kind, parsers, tags))
              .withOutputTags(tags.accepted(), TupleTagList.of(tags.rejected()).and(tags.tallies())));
      collect(parsed, tags, records, rejected, tallies);
    }
    if (!parquet.isEmpty()) {
      PCollectionTuple parsed = matchFiles(begin, "Parquet", parquet)
          .apply("ListRowGroups", ParDo.of(new ParquetRowGroups.ListFn()))
          .setCoder(KvCoder.of(ReadableFileCoder.of(), ParquetRowGroups.CODER))
          .apply("SpreadRowGroups", Reshuffle.viaRandomKey())
          .apply("ParseParquet", ParDo.of(new ParseParquetRowGroupFn<>(kind, parsers, tags))
              .withOutputTags(tags.accepted(), TupleTagList.of(tags.rejected()).and(tags.tallies())));
      collect(parsed, tags, records, rejected, tallies);
    }
    return StageResult.of(flatten(begin, "Records", records, coder),
        flatten(begin, "Rejected", rejected, Rejection.CODER), flatten(begin, "Tallies", tallies, Tallies.CODER));
  }

  private void collect(PCollectionTuple parsed, ParseFn.Outputs<T> tags, List<PCollection<T>> records,
      List<PCollection<Rejection>> rejected, List<PCollection<KV<String, Long>>> tallies) {
    records.add(parsed.get(tags.accepted()).setCoder(coder));
    rejected.add(parsed.get(tags.rejected()).setCoder(Rejection.CODER));
    tallies.add(parsed.get(tags.tallies()).setCoder(Tallies.CODER));
  }

  /** The matched files, opened raw: the readers decompress by name themselves (InputCompression). */
  private static PCollection<FileIO.ReadableFile> matchFiles(PBegin begin, String name, List<String> patterns) {
    return begin
        .apply(name + "Patterns", Create.of(patterns).withCoder(StringUtf8Coder.of()))
        .apply(name + "Match", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
        .apply(name + "Open", FileIO.readMatches().withCompression(Compression.UNCOMPRESSED));
  }

  private static <X> PCollection<X> flatten(PBegin begin, String name, List<PCollection<X>> parts, Coder<X> coder) {
    if (parts.isEmpty()) {
      return begin.apply(name + "None", Create.empty(coder));
    }
    return PCollectionList.of(parts).apply(name + "Flatten", Flatten.pCollections()).setCoder(coder);
  }
}
