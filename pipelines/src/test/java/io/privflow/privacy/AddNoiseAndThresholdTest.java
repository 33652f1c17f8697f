package io.privflow.privacy;

import io.privflow.model.BoundedContribution;
import io.privflow.model.NoisyCount;
import io.privflow.testing.TestPipelines;
import io.privflow.testing.ZeroNoise;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

class AddNoiseAndThresholdTest {
  private static final OdDomain DOMAIN = new OdDomain(2, 3); // 18 cells

  private static PCollection<BoundedContribution> contributions(Pipeline p) {
    return p.apply(Create.of(new BoundedContribution(0), new BoundedContribution(0), new BoundedContribution(0),
            new BoundedContribution(5), new BoundedContribution(17))
        .withCoder(BoundedContribution.CODER));
  }

  @Test
  void countsPerCellAndThresholdsTheNoisyValue() {
    Pipeline p = TestPipelines.create();
    PCollection<NoisyCount> out = contributions(p)
        .apply(new AddNoiseAndThreshold(DOMAIN, new CountReleaser(new ZeroNoise(), 2)));
    PAssert.that(out).containsInAnyOrder(new NoisyCount(0, 3));
    p.run().waitUntilFinish();
  }

  @Test
  void everyDomainCellIsNoisedZerosIncluded() {
    Pipeline p = TestPipelines.create();
    PCollection<NoisyCount> out = contributions(p)
        .apply(new AddNoiseAndThreshold(DOMAIN, new CountReleaser(new ZeroNoise(), 0)));
    List<NoisyCount> expected = new ArrayList<>();
    for (long c = 0; c < DOMAIN.size(); c++) {
      expected.add(new NoisyCount(c, c == 0 ? 3 : c == 5 || c == 17 ? 1 : 0));
    }
    PAssert.that(out).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  /** A partition selection noises only the cells that hold contributions: zero cells never appear. */
  @Test
  void aPartitionSelectionNoisesOnlyCellsWithContributions() {
    Pipeline p = TestPipelines.create();
    PCollection<NoisyCount> out = contributions(p)
        .apply(new AddNoiseAndThreshold(DOMAIN, new CountReleaser(new ZeroNoise(), 0), ReleaseMode.PARTITION_SELECTION));
    PAssert.that(out).containsInAnyOrder(new NoisyCount(0, 3), new NoisyCount(5, 1), new NoisyCount(17, 1));
    p.run().waitUntilFinish();
  }

  /** An unthresholded releaser (window totals) publishes every cell of the domain, whatever its value. */
  @Test
  void everyValueIsPublishedWithoutAThreshold() {
    Pipeline p = TestPipelines.create();
    TotalsDomain windows = new TotalsDomain(3);
    PCollection<NoisyCount> out = p
        .apply(Create.of(new BoundedContribution(0), new BoundedContribution(0), new BoundedContribution(2))
            .withCoder(BoundedContribution.CODER))
        .apply(new AddNoiseAndThreshold(windows, CountReleaser.everyValue(new ZeroNoise())));
    PAssert.that(out).containsInAnyOrder(new NoisyCount(0, 2), new NoisyCount(1, 0), new NoisyCount(2, 1));
    p.run().waitUntilFinish();
  }

  @Test
  void withRealNoiseZeroCellsCanBeReleasedSoTheCellSetIsNotTheTrueSupport() {
    // Scale 5, k = 1: each of the 15 zero cells is released with P[Z >= 1] = q/(1+q) ~ 0.45
    // (q = e^-0.2), so P[no zero cell released] ~ 0.55^15 ~ 1.3e-4: the false-failure probability.
    Pipeline p = TestPipelines.create();
    PCollection<NoisyCount> out = contributions(p)
        .apply(new AddNoiseAndThreshold(DOMAIN,
            new CountReleaser(DiscreteLaplaceMechanism.withScale(Rational.of(5, 1)), 1)));
    PAssert.that(out).satisfies(cells -> {
      long zerosReleased = 0;
      long total = 0;
      for (NoisyCount c : cells) {
        total++;
        if (c.cell() != 0 && c.cell() != 5 && c.cell() != 17) {
          zerosReleased++;
        }
        if (c.count() < 1) {
          throw new AssertionError("released below k: " + c);
        }
      }
      if (zerosReleased == 0) {
        throw new AssertionError("no zero cell was released: the domain is not noised");
      }
      if (total > DOMAIN.size()) {
        throw new AssertionError("more cells than the domain");
      }
      return null;
    });
    p.run().waitUntilFinish();
  }
}
