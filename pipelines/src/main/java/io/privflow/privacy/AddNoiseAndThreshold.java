package io.privflow.privacy;

import io.privflow.model.BoundedContribution;
import io.privflow.model.NoisyCount;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

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
    if (mode == ReleaseMode.FULL_DOMAIN) {
      // Every cell, zero cells included, without one shuffled record per cell (see NoiseDomain).
      return contributions.apply("NoiseEveryCell", new NoiseDomain(domain, releaser));
    }
    var kv = KvCoder.of(VarLongCoder.of(), VarLongCoder.of());
    return contributions
        .apply("One", ParDo.of(new OneFn())).setCoder(kv)
        .apply("CountPerCell", Sum.longsPerKey())
        .apply("NoiseAndThreshold", ParDo.of(new NoiseFn(releaser)))
        .setCoder(NoisyCount.CODER);
  }

  private static final class OneFn extends DoFn<BoundedContribution, KV<Long, Long>> {
    @ProcessElement
    public void process(@Element BoundedContribution c, OutputReceiver<KV<Long, Long>> out) {
      out.output(KV.of(c.cell(), 1L));
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
