package io.privflow.rejects;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What a stage that can refuse records hands on: the records it accepted, the ones it rejected
 * (each with its reason code) and its tallies (records read, accepted and filtered per input
 * kind, see {@link Tallies}), which the run sums and reconciles. A typed result instead of a
 * tuple keyed by shared tags: each part has its own accessor and its own coder.
 */
public final class StageResult<T> implements POutput {
  private static final TupleTag<Object> ACCEPTED = new TupleTag<>("accepted");
  private static final TupleTag<Object> REJECTED = new TupleTag<>("rejected");
  private static final TupleTag<Object> TALLIES = new TupleTag<>("tallies");

  private final PCollection<T> accepted;
  private final PCollection<Rejection> rejected;
  private final PCollection<KV<String, Long>> tallies;

  private StageResult(PCollection<T> accepted, PCollection<Rejection> rejected, PCollection<KV<String, Long>> tallies) {
    this.accepted = accepted;
    this.rejected = rejected;
    this.tallies = tallies;
  }

  public static <T> StageResult<T> of(
      PCollection<T> accepted, PCollection<Rejection> rejected, PCollection<KV<String, Long>> tallies) {
    return new StageResult<>(accepted, rejected.setCoder(Rejection.CODER), tallies.setCoder(Tallies.CODER));
  }

  /**
   * The result of a stage whose rejections and tallies left through one side output of
   * {@link BookEntry}s: they are told apart here, after the per-event step.
   */
  public static <T> StageResult<T> fromBooks(PCollection<T> accepted, PCollection<BookEntry> books) {
    PCollection<Rejection> rejected = books
        .apply("Rejections", ParDo.of(new DoFn<BookEntry, Rejection>() {
          @ProcessElement
          public void process(@Element BookEntry e, OutputReceiver<Rejection> out) {
            if (e.isRejection()) {
              out.output(e.rejection());
            }
          }
        }));
    PCollection<KV<String, Long>> tallies = books
        .apply("Tallies", ParDo.of(new DoFn<BookEntry, KV<String, Long>>() {
          @ProcessElement
          public void process(@Element BookEntry e, OutputReceiver<KV<String, Long>> out) {
            if (!e.isRejection()) {
              out.output(e.asTally());
            }
          }
        }));
    return of(accepted, rejected, tallies);
  }

  public PCollection<T> accepted() {
    return accepted;
  }

  public PCollection<Rejection> rejected() {
    return rejected;
  }

  public PCollection<KV<String, Long>> tallies() {
    return tallies;
  }

  /** Applies a stage to the accepted records only. */
  public <O extends POutput> O then(String name, PTransform<PCollection<T>, O> stage) {
    return accepted.apply(name, stage);
  }

  @Override
  public Pipeline getPipeline() {
    return accepted.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(ACCEPTED, accepted, REJECTED, rejected, TALLIES, tallies);
  }

  @Override
  public void finishSpecifyingOutput(String transformName, org.apache.beam.sdk.values.PInput input,
      PTransform<?, ?> transform) {}
}
