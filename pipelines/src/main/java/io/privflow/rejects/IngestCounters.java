package io.privflow.rejects;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The figures every run reconciles: read = accepted + rejected + filtered, per input kind.
 *
 * <p>They travel as data, not as metrics: each DoFn emits its per-bundle tallies on the
 * {@link #TALLIES} output and the pipeline sums them into a file. Data outputs are exact whatever
 * the runner does; metrics are not (the Spark runner recomputes a step for each consumer of a
 * multi-output step, and its attempted counters then count the same records twice).
 */
public final class IngestCounters {
  public static final String NAMESPACE = "privflow";

  /** Per-bundle tallies: (figure name, count). */
  public static final TupleTag<KV<String, Long>> TALLIES = new TupleTag<>("tallies") {};

  public static KvCoder<String, Long> tallyCoder() {
    return KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
  }

  private IngestCounters() {}

  public static String read(Source s) {
    return "read." + s.label();
  }

  public static String filtered(Source s) {
    return "filtered." + s.label();
  }

  public static String accepted(Source s) {
    return "accepted." + s.label();
  }
}
