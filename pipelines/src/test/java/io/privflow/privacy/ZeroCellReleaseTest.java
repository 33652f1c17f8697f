package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.model.NoisyCount;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The sampled release of a chunk's zero cells against the cell-by-cell release, on a chunk of 44
 * cells (40 zero cells, 4 with counts 1, 2, 7 and 40), 10,000 releases each, for discrete Laplace
 * (scale 2, k = 3, p_k = 0.139; k = 0, p_0 = 0.622, without the reference) and discrete Gaussian
 * (sigma^2 = 9; k = 3, p_k = 0.201, values by rejection; k = 5, p_k = 0.066, values by the
 * geometric proposal; the cell-by-cell reference at k = 5 only). Checked for each: the number of
 * published zero cells against Binomial(40, p_k) and against the cell-by-cell release (two-sample
 * chi-square); each zero cell published with p_k (sum of squared binomial z-scores, chi-square with
 * 40 degrees); the published zero cells' values against the law of the noise given >= k; the cell
 * holding 2 published with P(noise >= k - 2); cells emitted in order. Every check fails by chance
 * with probability at most 1e-8 (chi-square approximations with at least 10 expected per bin, or 6
 * standard deviations): 4 checks on each of 6 releases and 2 two-sample checks, below 3e-7 in all.
 * Planted errors in the Laplace case, each caught: the zero cells published with p_(k-1) (0.229
 * instead of 0.139: the mean count per release moves by 3.6, about 160 standard errors of the mean
 * over 10,000 releases) and the values drawn at a scale 20% off (2.4: the mean value above k moves
 * from 1.54 to 1.93, while its standard error over ~56,000 values is about 0.008); each is missed
 * with probability below 1e-50. About 3-7 s (load 9-12 on 2 cores).
 */
class ZeroCellReleaseTest {
  private static final int RELEASES = 10_000;
  private static final int[] HELD = {3, 17, 18, 43};
  private static final long[] HELD_COUNTS = {1, 2, 7, 40};
  private static final int CELLS = 44;
  private static final int ZEROS = CELLS - HELD.length;

  /** What 10,000 releases of the chunk gave. */
  private record Observed(long[] publishedPerRelease, long[] perZeroCell, long[] valuesAboveK, long twoPublished) {}

  /** A mechanism whose zero cells go cell by cell: today's rule, the reference. */
  private static NoiseMechanism perCell(NoiseMechanism m) {
    return planted(m, k -> ZeroCellSampler.perCell(m.newSampler(), k)); // what NoiseMechanism's default builds
  }

  /** A mechanism whose zero-cell sampler is built by {@code planted} (a planted error, or the per-cell rule). */
  private static NoiseMechanism planted(NoiseMechanism m, java.util.function.LongFunction<ZeroCellSampler> planted) {
    return new NoiseMechanism() {
      @Override
      public NoiseSampler newSampler() {
        return m.newSampler();
      }

      @Override
      public ZeroCellSampler zeroCellSampler(long minCount) {
        return planted.apply(minCount);
      }

      @Override
      public String name() {
        return m.name();
      }

      @Override
      public NoiseFigures figures() {
        return m.figures();
      }
    };
  }

  private static Observed release(NoiseMechanism mechanism, long k) {
    NoiseDomain.NoiseChunkFn fn = new NoiseDomain.NoiseChunkFn(new PresenceDomain(1, CELLS),
        new CountReleaser(mechanism, k), CELLS);
    fn.setup();
    CellCounts counts = new CellCounts();
    for (int i = 0; i < HELD.length; i++) {
      counts.add(HELD[i], HELD_COUNTS[i]);
    }
    long[] perRelease = new long[ZEROS + 1];
    long[] perCell = new long[CELLS];
    long[] values = new long[200];
    long[] two = new long[1];
    List<NoisyCount> out = new ArrayList<>();
    DoFn.OutputReceiver<NoisyCount> receiver = new DoFn.OutputReceiver<>() {
      @Override
      public void output(NoisyCount c) {
        out.add(c);
      }

      @Override
      public void outputWithTimestamp(NoisyCount c, Instant timestamp) {
        out.add(c);
      }
    };
    for (int r = 0; r < RELEASES; r++) {
      out.clear();
      fn.process(KV.of(0L, counts), receiver);
      int zeros = 0;
      long previous = -1;
      for (NoisyCount c : out) {
        assertTrue(c.cell() > previous, "cells in order, each once");
        previous = c.cell();
        assertTrue(c.count() >= k, "a published value below k");
        if (java.util.Arrays.binarySearch(HELD, (int) c.cell()) >= 0) {
          two[0] += c.cell() == 17 ? 1 : 0;
          continue;
        }
        zeros++;
        perCell[(int) c.cell()]++;
        values[(int) Math.min(values.length - 1, c.count() - k)]++;
      }
      perRelease[zeros]++;
    }
    return new Observed(perRelease, perCell, values, two[0]);
  }

  /** The checks, against p_k, the law of the values above k ({@code law(v)} for v >= 0) and P(2 + Z >= k). */
  private static void assertLaw(Observed o, double pk, java.util.function.IntToDoubleFunction law, double pTwo) {
    double[] binomial = new double[ZEROS + 1];
    var b = new org.apache.commons.math3.distribution.BinomialDistribution(null, ZEROS, pk);
    for (int i = 0; i <= ZEROS; i++) {
      binomial[i] = b.probability(i);
    }
    double pCount = SampledZeroCellsTest.chiSquare(binomial, o.publishedPerRelease());
    assertTrue(pCount > SampledZeroCellsTest.ALPHA, "published zero cells: chi-square p-value " + pCount);

    double stat = 0;
    int cells = 0;
    for (int c = 0; c < CELLS; c++) {
      if (java.util.Arrays.binarySearch(HELD, c) < 0) {
        double e = RELEASES * pk;
        stat += (o.perZeroCell()[c] - e) * (o.perZeroCell()[c] - e) / (e * (1 - pk));
        cells++;
      } else {
        assertEquals(0, o.perZeroCell()[c]);
      }
    }
    double pCells = 1
        - new org.apache.commons.math3.distribution.ChiSquaredDistribution(cells).cumulativeProbability(stat);
    assertTrue(pCells > SampledZeroCellsTest.ALPHA, "each zero cell with p_k: p-value " + pCells);

    double[] values = new double[o.valuesAboveK().length];
    double rest = 1;
    for (int v = 0; v < values.length - 1; v++) {
      values[v] = law.applyAsDouble(v);
      rest -= values[v];
    }
    values[values.length - 1] = Math.max(0, rest);
    double pValues = SampledZeroCellsTest.chiSquare(values, o.valuesAboveK());
    assertTrue(pValues > SampledZeroCellsTest.ALPHA, "values given >= k: chi-square p-value " + pValues);

    double sd = Math.sqrt(RELEASES * pTwo * (1 - pTwo));
    assertTrue(Math.abs(o.twoPublished() - RELEASES * pTwo) < 6 * sd, "the cell holding 2: " + o.twoPublished());
  }

  /** Two-sample chi-square: the sampled and the cell-by-cell count of published zero cells. */
  private static void assertSameCounts(Observed a, Observed b) {
    List<long[]> bins = new ArrayList<>();
    long x = 0;
    long y = 0;
    for (int i = 0; i <= ZEROS; i++) {
      x += a.publishedPerRelease()[i];
      y += b.publishedPerRelease()[i];
      if (x + y >= 40) {
        bins.add(new long[] {x, y});
        x = 0;
        y = 0;
      }
    }
    bins.get(bins.size() - 1)[0] += x;
    bins.get(bins.size() - 1)[1] += y;
    long[] first = bins.stream().mapToLong(v -> v[0]).toArray();
    long[] second = bins.stream().mapToLong(v -> v[1]).toArray();
    double p = new org.apache.commons.math3.stat.inference.ChiSquareTest()
        .chiSquareTestDataSetsComparison(first, second);
    assertTrue(p > SampledZeroCellsTest.ALPHA, "sampled against cell by cell: p-value " + p);
  }

  private static double gaussianLaw(double sigma2, long k, int v) {
    return Math.exp(-(double) (k + v) * (k + v) / (2 * sigma2))
        / (PassProbabilityTest.gaussianTail(sigma2, k) * normaliser(sigma2));
  }

  private static double normaliser(double sigma2) {
    double z = 0;
    for (long x = -1000; x <= 1000; x++) {
      z += Math.exp(-(double) x * x / (2 * sigma2));
    }
    return z;
  }

  @Test
  void laplaceSampledLikeCellByCell() {
    DiscreteLaplaceMechanism m = DiscreteLaplaceMechanism.withScale(Rational.of(2, 1));
    double q = Math.exp(-0.5);
    double pk = q * q * q / (1 + q);
    double pTwo = q / (1 + q); // P(Z >= 1)
    java.util.function.IntToDoubleFunction law = v -> (1 - q) * Math.pow(q, v);
    Observed sampled = release(m, 3);
    Observed reference = release(perCell(m), 3);
    assertLaw(sampled, pk, law, pTwo);
    assertLaw(reference, pk, law, pTwo);
    assertSameCounts(sampled, reference);
    // k = 0: p_0 = 1 / (1 + q), and the cell holding 2 is lost only when Z <= -3.
    assertLaw(release(m, 0), 1 / (1 + q), law, 1 - q * q * q / (1 + q));

    // Planted: p of k - 1 with the right values; then the right p with values at scale 2.4.
    Observed wrongP = release(planted(m, k -> {
      ExactSampler s = new ExactSampler(SecureRandoms.create());
      return new SampledZeroCells(s, m.passProbability(k - 1), () -> k + s.geometric(1, 2));
    }), 3);
    assertThrows(AssertionError.class, () -> assertLaw(wrongP, pk, law, pTwo), "p_(k-1) is caught");
    Observed wrongScale = release(planted(m, k -> {
      ExactSampler s = new ExactSampler(SecureRandoms.create());
      return new SampledZeroCells(s, m.passProbability(k), () -> k + s.geometric(5, 12));
    }), 3);
    assertThrows(AssertionError.class, () -> assertLaw(wrongScale, pk, law, pTwo), "a scale 20% off is caught");
  }

  @Test
  void gaussianSampledLikeCellByCell() {
    DiscreteGaussianMechanism m = DiscreteGaussianMechanism.forRho(Rational.of(1, 18), 1); // sigma^2 = 9
    for (long k : new long[] {3, 5}) { // k <= sigma: values by rejection; k > sigma: by the proposal
      double pk = PassProbabilityTest.gaussianTail(9, k);
      double pTwo = PassProbabilityTest.gaussianTail(9, k - 2);
      java.util.function.IntToDoubleFunction law = v -> gaussianLaw(9, k, v);
      Observed sampled = release(m, k);
      assertLaw(sampled, pk, law, pTwo);
      if (k == 5) { // the cell-by-cell reference once: its Gaussian draws are the slow part
        Observed reference = release(perCell(m), k);
        assertLaw(reference, pk, law, pTwo);
        assertSameCounts(sampled, reference);
      }
    }
  }
}
