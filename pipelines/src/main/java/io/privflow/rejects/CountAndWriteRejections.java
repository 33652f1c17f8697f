package io.privflow.rejects;

import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Counts every rejection under {@code rejected.<source>.<REASON>} and writes it, as CSV, to the
 * custodian-only rejected-records location. A rejection holds a pseudonym at most, never a raw
 * identifier, so this file may be kept for audits without holding direct identifiers.
 */
public final class CountAndWriteRejections extends PTransform<PCollection<Rejection>, PDone> {
  public static final String HEADER = "source,file,record_number,stage,reason,pseudonym,detail";

  private final String outputPrefix;

  /** @param outputPrefix path prefix of the CSV shards, e.g. {@code /custodian/rejected/part} */
  public CountAndWriteRejections(String outputPrefix) {
    this.outputPrefix = outputPrefix;
  }

  @Override
  public PDone expand(PCollection<Rejection> rejections) {
    return rejections
        .apply("CountAndFormat", ParDo.of(new FormatFn()))
        .setCoder(StringUtf8Coder.of())
        .apply("WriteCsv", TextIO.write().to(outputPrefix).withSuffix(".csv").withHeader(HEADER));
  }

  private static final class FormatFn extends DoFn<Rejection, String> {
    @ProcessElement
    public void process(@Element Rejection r, OutputReceiver<String> out) {
      Metrics.counter("privflow", r.counterName()).inc();
      out.output(String.join(",",
          r.source().label(),
          csv(r.file()),
          Long.toString(r.recordNumber()),
          r.stage().label(),
          r.reason().name(),
          r.pseudonym() == null ? "" : r.pseudonym().toHex(),
          csv(r.detail())));
    }

    private static String csv(String s) {
      if (s == null) {
        return "";
      }
      return s.indexOf(',') < 0 && s.indexOf('"') < 0 ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }
  }
}
