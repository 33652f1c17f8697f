package io.privflow.privacy;

import io.privflow.model.BoundedContribution;
import io.privflow.model.NoisyCount;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Counts contributions per cell, adds noise and keeps the cells whose noisy count reaches the
 * threshold. In a {@link ReleaseMode#FULL_DOMAIN} release every cell of the public domain gets
 * noise, zero cells included, so which cells exist never depends on the data; in a
 * {@link ReleaseMode#PARTITION_SELECTION} only the cells with contributions do, and the threshold
 * (see {@link SelectionThreshold}) bounds what that reveals.
 */
public final class AddNoiseAndThreshold
    extends PTransform<PCollection<BoundedContribution>, PCollection<NoisyCount>> {
  private final CellDomain domain;
  private final CountReleaser releaser;
  private final ReleaseMode mode;

  public AddNoiseAndThreshold(CellDomain domain, CountReleaser releaser, ReleaseMode mode) {
    this.domain = domain;
    this.releaser = releaser;
    this.mode = mode;
  }

  /** A full-domain release: every cell of the domain noised. */
  public AddNoiseAndThreshold(CellDomain domain, CountReleaser releaser) {
    this(domain, releaser, ReleaseMode.FULL_DOMAIN);
  }

  @Override
  public PCollection<NoisyCount> expand(PCollection<BoundedContribution> contributions) {
    var kv = KvCoder.of(VarLongCoder.of(), VarLongCoder.of());
    PCollection<KV<Long, Long>> ones =
        contributions.apply("One", ParDo.of(new OneFn())).setCoder(kv);
    PCollection<KV<Long, Long>> cells = ones;
    if (mode == ReleaseMode.FULL_DOMAIN) {
      PCollection<KV<Long, Long>> zeros =
          contributions.getPipeline()
              .apply("Slots", Create.of(slots()).withCoder(VarIntCoder.of()))
              .apply("SpreadSlots", Reshuffle.viaRandomKey())
              .apply("EveryCell", ParDo.of(new DomainFn(domain)))
              .setCoder(kv);
      cells = PCollectionList.of(ones).and(zeros).apply("WithDomain", Flatten.pCollections());
    }
    return cells
        .apply("CountPerCell", Sum.longsPerKey())
        .apply("NoiseAndThreshold", ParDo.of(new NoiseFn(releaser)))
        .setCoder(NoisyCount.CODER);
  }

  private Iterable<Integer> slots() {
    java.util.List<Integer> s = new java.util.ArrayList<>(domain.slots());
    for (int i = 0; i < domain.slots(); i++) {
      s.add(i);
    }
    return s;
  }

  private static final class OneFn extends DoFn<BoundedContribution, KV<Long, Long>> {
    @ProcessElement
    public void process(@Element BoundedContribution c, OutputReceiver<KV<Long, Long>> out) {
      out.output(KV.of(c.cell(), 1L));
    }
  }

  /** Emits (cell, 0) for every cell of one slot. */
  private static final class DomainFn extends DoFn<Integer, KV<Long, Long>> {
    private final CellDomain domain;

    DomainFn(CellDomain domain) {
      this.domain = domain;
    }

    @ProcessElement
    public void process(@Element Integer slot, OutputReceiver<KV<Long, Long>> out) {
      long first = (long) slot * domain.cellsPerSlot();
      for (long c = first; c < first + domain.cellsPerSlot(); c++) {
        out.output(KV.of(c, 0L));
      }
    }
  }

  /**
   * The sampler is created in {@code @Setup}: each deserialised copy (one per worker thread) seeds
   * its own generator, never a shared or serialised one. Package-private for that test.
   */
  static final class NoiseFn extends DoFn<KV<Long, Long>, NoisyCount> {
    private final CountReleaser releaser;
    private transient NoiseSampler sampler;

    NoiseFn(CountReleaser releaser) {
      this.releaser = releaser;
    }

    @Setup
    public void setup() {
      sampler = releaser.mechanism().newSampler();
    }

    @ProcessElement
    public void process(@Element KV<Long, Long> cell, OutputReceiver<NoisyCount> out) {
      long value = releaser.release(cell.getValue(), sampler);
      if (value != CountReleaser.SUPPRESSED) {
        out.output(new NoisyCount(cell.getKey(), value));
      }
    }
  }
}
