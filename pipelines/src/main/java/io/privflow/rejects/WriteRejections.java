package io.privflow.rejects;

import io.privflow.files.CsvCells;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes every rejection, as CSV, to the custodian-only rejected-records directory, one folder per
 * stage and reason code ({@code <dir>/<stage>/<REASON>/part-*.csv}). (Their counts per reason are
 * part of the run's tallies, see ReleasePipeline.) A rejection holds a pseudonym at most, never a raw
 * identifier, so these files may be kept for audits without holding direct identifiers.
 */
public final class WriteRejections extends PTransform<PCollection<Rejection>, PDone> {
  public static final String HEADER = "source,file,record_number,stage,reason,pseudonym,detail";

  private final String directory;

  /** @param directory the rejected-records directory */
  public WriteRejections(String directory) {
    this.directory = directory;
  }

  @Override
  public PDone expand(PCollection<Rejection> rejections) {
    rejections
        .apply("WriteByStageAndReason", FileIO.<String, Rejection>writeDynamic()
            .by(r -> r.stage().label() + "/" + r.reason().name())
            .withDestinationCoder(StringUtf8Coder.of())
            .via(Contextful.fn(WriteRejections::csv), TextIO.sink().withHeader(HEADER))
            .to(directory)
            .withNaming(folder -> FileIO.Write.defaultNaming(folder + "/part", ".csv")));
    return PDone.in(rejections.getPipeline());
  }

  /**
   * After the pipeline: removes the temporary folders Beam's file sink leaves emptied under the
   * rejected-records directory ({@code .temp-beam*}), so that it holds only the documented
   * {@code <stage>/<REASON>/part-*.csv}. A temporary folder that still holds a file is left as it
   * is (nothing written is thrown away).
   */
  public static void tidy(Path directory) throws IOException {
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory, ".temp-beam*")) {
      for (Path t : temps) {
        List<Path> inside;
        try (Stream<Path> s = Files.walk(t)) {
          inside = s.sorted(Comparator.reverseOrder()).toList();
        }
        if (inside.stream().allMatch(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
          for (Path d : inside) {
            Files.delete(d);
          }
        }
      }
    }
  }

  /** One row; text fields quoted and neutralised for spreadsheets like every CSV privflow writes. */
  static String csv(Rejection r) {
    return String.join(",",
        r.source().label(),
        CsvCells.field(r.file()),
        Long.toString(r.recordNumber()),
        r.stage().label(),
        r.reason().name(),
        r.pseudonym() == null ? "" : r.pseudonym().toHex(),
        CsvCells.field(r.detail()));
  }
}
