package io.privflow.rejects;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The figures every run reconciles, per input kind: read = accepted + rejected + filtered (outside
 * the time range) + outside the regions.
 *
 * <p>They travel as data, not as metrics: each stage emits per-bundle tallies (figure name,
 * count) beside its records, and the pipeline sums them into a file. Data outputs are exact
 * whatever the runner does; metrics are not (the Spark runner recomputes a step for each consumer
 * of a multi-output step, and its attempted counters then count the same records twice).
 */
public final class Tallies {
  /** The namespace of privflow's informational metrics (never used for reconciliation). */
  public static final String NAMESPACE = "privflow";

  public static final Coder<KV<String, Long>> CODER = KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());

  private Tallies() {}

  /** A fresh output tag for a DoFn's tallies. */
  public static TupleTag<KV<String, Long>> tag() {
    return new TupleTag<>("tallies") {};
  }

  public static String read(Source s) {
    return "read." + s.label();
  }

  public static String filtered(Source s) {
    return "filtered." + s.label();
  }

  /** Events out of scope because no region holds their point (or their cell's tower). */
  public static String outsideRegions(Source s) {
    return "outside_regions." + s.label();
  }

  public static String accepted(Source s) {
    return "accepted." + s.label();
  }

  /** e.g. {@code rejected.network_events.UNKNOWN_CELL}. */
  public static String rejected(Source s, Reason r) {
    return "rejected." + s.label() + "." + r.name();
  }
}
