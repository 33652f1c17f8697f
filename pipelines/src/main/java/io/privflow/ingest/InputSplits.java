package io.privflow.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.ReadableFileCoder;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * The units of reading of one kind of input: every Parquet row group and every CSV range (see
 * {@link CsvSplits}) of the files the patterns match, each with its file. The format follows the
 * pattern, as the input check decides it: {@code .parquet} is Parquet, anything else CSV with a
 * header row, decompressed by its suffix as {@link InputCompression} says. Not shuffled: the
 * caller spreads the units over the workers once it has all of them.
 */
public final class InputSplits extends PTransform<PBegin, PCollection<KV<FileIO.ReadableFile, InputSplit>>> {
  public static final KvCoder<FileIO.ReadableFile, InputSplit> CODER =
      KvCoder.of(ReadableFileCoder.of(), InputSplit.CODER);

  private final InputKind kind;
  private final List<String> patterns;
  private final long csvSplitBytes;

  private InputSplits(InputKind kind, List<String> patterns, long csvSplitBytes) {
    this.kind = kind;
    this.patterns = List.copyOf(patterns);
    this.csvSplitBytes = csvSplitBytes;
  }

  public static InputSplits of(InputKind kind, List<String> patterns) {
    return new InputSplits(kind, patterns, CsvSplits.SPLIT_BYTES);
  }

  /** With CSV ranges of another size (tests cut small files). */
  static InputSplits of(InputKind kind, List<String> patterns, long csvSplitBytes) {
    return new InputSplits(kind, patterns, csvSplitBytes);
  }

  @Override
  public PCollection<KV<FileIO.ReadableFile, InputSplit>> expand(PBegin begin) {
    List<PCollection<KV<FileIO.ReadableFile, InputSplit>>> parts = new ArrayList<>();
    List<String> csv = patterns.stream().filter(p -> !ReadInputs.isParquet(p)).toList();
    List<String> parquet = patterns.stream().filter(ReadInputs::isParquet).toList();
    if (!csv.isEmpty()) {
      parts.add(matchFiles(begin, "Csv", csv)
          .apply("ListCsvSplits", ParDo.of(new ListFn(kind, false, csvSplitBytes))).setCoder(CODER));
    }
    if (!parquet.isEmpty()) {
      parts.add(matchFiles(begin, "Parquet", parquet)
          .apply("ListRowGroups", ParDo.of(new ListFn(kind, true, csvSplitBytes))).setCoder(CODER));
    }
    if (parts.isEmpty()) {
      return begin.apply("NoSplits", Create.empty(CODER));
    }
    return PCollectionList.of(parts).apply("AllSplits", Flatten.pCollections()).setCoder(CODER);
  }

  /** The matched files, opened raw: the readers decompress by name themselves (InputCompression). */
  private static PCollection<FileIO.ReadableFile> matchFiles(PBegin begin, String name, List<String> patterns) {
    return begin
        .apply(name + "Patterns", Create.of(patterns).withCoder(StringUtf8Coder.of()))
        .apply(name + "Match", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
        .apply(name + "Open", FileIO.readMatches().withCompression(Compression.UNCOMPRESSED));
  }

  /** Emits the units of each file. */
  private static final class ListFn extends DoFn<FileIO.ReadableFile, KV<FileIO.ReadableFile, InputSplit>> {
    private final InputKind kind;
    private final boolean parquet;
    private final long csvSplitBytes;

    ListFn(InputKind kind, boolean parquet, long csvSplitBytes) {
      this.kind = kind;
      this.parquet = parquet;
      this.csvSplitBytes = csvSplitBytes;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<KV<FileIO.ReadableFile, InputSplit>> out)
        throws IOException {
      for (InputSplit s : parquet ? ParquetSplits.list(kind, file) : CsvSplits.list(kind, file, csvSplitBytes)) {
        out.output(KV.of(file, s));
      }
    }
  }
}
