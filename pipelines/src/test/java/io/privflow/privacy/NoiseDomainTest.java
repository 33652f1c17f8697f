package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.model.BoundedContribution;
import io.privflow.model.NoisyCount;
import io.privflow.testing.TestPipelines;
import io.privflow.testing.ZeroNoise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The full domain is noised chunk by chunk, without a shuffled record per zero cell: every cell of
 * every chunk is released exactly once with its own count, across chunk boundaries; each cell gets
 * its own noise draw; and two deserialised copies of the chunk DoFn draw different streams. About 3 s.
 */
class NoiseDomainTest {
  private static final OdDomain DOMAIN = new OdDomain(3, 7); // 147 cells, in chunks of 16

  @Test
  void everyCellOfEveryChunkIsReleasedOnceWithItsCount() {
    Random random = new Random(3);
    List<BoundedContribution> in = new ArrayList<>();
    Map<Long, Long> counts = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      long cell = random.nextInt(40) * 3L; // some cells in each chunk, others empty, chunks 9-10 empty
      in.add(new BoundedContribution(cell));
      counts.merge(cell, 1L, Long::sum);
    }
    List<NoisyCount> expected = new ArrayList<>();
    for (long c = 0; c < DOMAIN.size(); c++) {
      expected.add(new NoisyCount(c, counts.getOrDefault(c, 0L)));
    }
    Pipeline p = TestPipelines.create();
    PCollection<NoisyCount> out = p.apply(Create.of(in).withCoder(BoundedContribution.CODER))
        .apply(new NoiseDomain(DOMAIN, new CountReleaser(new ZeroNoise(), 0), 16));
    PAssert.that(out).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  /**
   * Thresholded: the zero cells are sampled, the others released cell by cell, across chunk
   * boundaries. Cells holding 1,000 with scale-1 noise and k = 2 are published (missed with
   * probability below e^-990 each); every published cell is in the domain, once, at or above k.
   */
  @Test
  void thresholdedZeroCellsAreSampledAcrossChunks() {
    List<BoundedContribution> in = new ArrayList<>();
    long[] held = {0, 15, 16, 17, 63, 100, 146};
    for (long cell : held) {
      for (int i = 0; i < 1_000; i++) {
        in.add(new BoundedContribution(cell));
      }
    }
    Pipeline p = TestPipelines.create();
    PCollection<NoisyCount> out = p.apply(Create.of(in).withCoder(BoundedContribution.CODER))
        .apply(new NoiseDomain(DOMAIN,
            new CountReleaser(DiscreteLaplaceMechanism.withScale(Rational.of(1, 1)), 2), 16));
    PAssert.that(out).satisfies(cells -> {
      Map<Long, Long> byCell = new HashMap<>();
      cells.forEach(c -> {
        assertTrue(c.cell() >= 0 && c.cell() < DOMAIN.size(), "cell outside the domain");
        assertTrue(c.count() >= 2, "a published value below k");
        assertTrue(byCell.put(c.cell(), c.count()) == null, "a cell published twice");
      });
      for (long cell : held) {
        assertTrue(Math.abs(byCell.get(cell) - 1_000) < 100, "held cell " + cell);
      }
      return null;
    });
    p.run().waitUntilFinish();
  }

  /** Small domains keep chunks of 2^16; 10^10 cells get 19,074 chunks of 2^19. */
  @Test
  void chunksGrowWithTheDomain() {
    assertEquals(1 << 16, NoiseDomain.chunkCellsFor(147));
    assertEquals(1 << 16, NoiseDomain.chunkCellsFor(1L << 31));
    assertEquals(1 << 17, NoiseDomain.chunkCellsFor((1L << 31) + 1));
    long cells = NoiseDomain.chunkCellsFor(10_000_000_000L);
    assertEquals(1 << 19, cells);
    assertEquals(19_074, (10_000_000_000L + cells - 1) / cells);
    assertEquals(NoiseDomain.MAX_CHUNK_CELLS, NoiseDomain.chunkCellsFor(Long.MAX_VALUE / 2));
  }

  private static List<Long> draw(NoiseDomain.NoiseChunkFn fn, long chunk) {
    List<Long> out = new ArrayList<>();
    DoFn.OutputReceiver<NoisyCount> receiver = new DoFn.OutputReceiver<>() {
      @Override
      public void output(NoisyCount c) {
        out.add(c.count());
      }

      @Override
      public void outputWithTimestamp(NoisyCount c, Instant timestamp) {
        out.add(c.count());
      }
    };
    CellCounts counts = new CellCounts();
    for (int i = 0; i < 64; i++) {
      counts.add(i, 1_000); // far above k: every cell is released
    }
    fn.process(KV.of(chunk, counts), receiver);
    return out;
  }

  /**
   * Two copies, as a runner ships them to two worker threads, seed their own generators. False
   * failure: 64 discrete Laplace draws of scale 6 coincide with probability below
   * (tanh(1/12))^64 ~ 1e-69.
   */
  @Test
  void twoDeserialisedCopiesDrawDifferentStreams() {
    NoiseDomain.NoiseChunkFn original = new NoiseDomain.NoiseChunkFn(new PresenceDomain(1, 64),
        new CountReleaser(DiscreteLaplaceMechanism.withScale(Rational.of(6, 1)), 0), 64);
    NoiseDomain.NoiseChunkFn a = SerializableUtils.clone(original);
    NoiseDomain.NoiseChunkFn b = SerializableUtils.clone(original);
    a.setup();
    b.setup();
    List<Long> first = draw(a, 0);
    List<Long> second = draw(b, 0);
    assertEquals(64, first.size());
    assertNotEquals(first, second, "two worker copies drew the same noise");
  }

  /**
   * Each cell its own draw: of the zero cells of a 2,000-cell domain (125 chunks), noised with
   * scale 2 and every value published, the share of each value follows the discrete Laplace law,
   * P[Z = z] = tanh(1/4) e^(-|z|/2), within 6 standard deviations for z = 0 and |z| = 1, and no
   * value repeats over 16 cells in a row (false failure about 2e-6 in all, see assertLaplace). A
   * planted error, one draw per chunk repeated over its cells, is caught by the same check.
   */
  @Test
  void eachCellGetsItsOwnDraw() {
    PresenceDomain domain = new PresenceDomain(20, 100);
    Pipeline p = TestPipelines.create();
    PCollection<NoisyCount> out = p.apply(Create.empty(BoundedContribution.CODER))
        .apply(new NoiseDomain(domain,
            CountReleaser.everyValue(DiscreteLaplaceMechanism.withScale(Rational.of(2, 1))), 16));
    PAssert.that(out).satisfies(cells -> {
      List<Long> order = new ArrayList<>();
      cells.forEach(c -> order.add(c.cell()));
      assertEquals(domain.size(), order.size());
      assertEquals(domain.size(), order.stream().distinct().count(), "each cell once");
      assertLaplace(cellsInOrder(cells), 2.0);
      return null;
    });
    p.run().waitUntilFinish();

    // The planted error: one draw per chunk of 16, repeated over the chunk.
    long[] planted = new long[(int) domain.size()];
    NoiseSampler one = DiscreteLaplaceMechanism.withScale(Rational.of(2, 1)).newSampler();
    for (int chunk = 0; chunk * 16 < planted.length; chunk++) {
      long z = one.sample();
      for (int i = chunk * 16; i < Math.min(planted.length, chunk * 16 + 16); i++) {
        planted[i] = z;
      }
    }
    AssertionError caught = null;
    try {
      assertLaplace(planted, 2.0);
    } catch (AssertionError e) {
      caught = e;
    }
    assertTrue(caught != null, "the planted error (one draw per chunk) is caught");
  }

  private static long[] cellsInOrder(Iterable<NoisyCount> cells) {
    Map<Long, Long> byCell = new HashMap<>();
    cells.forEach(c -> byCell.put(c.cell(), c.count()));
    long[] out = new long[byCell.size()];
    byCell.forEach((c, v) -> out[(int) (long) c] = v);
    return out;
  }

  /**
   * The shares of 0 and of +-1 within 6 standard deviations of the law (each fails by chance with
   * probability about 2e-9), and no run of 16 equal values in a row (below 0.25^15 ~ 1e-9 per
   * position, about 2e-6 over 2,000 positions).
   */
  private static void assertLaplace(long[] values, double scale) {
    int n = values.length;
    double p0 = Math.tanh(1 / (2 * scale));
    double p1 = 2 * p0 * Math.exp(-1 / scale);
    long zeros = java.util.Arrays.stream(values).filter(v -> v == 0).count();
    long ones = java.util.Arrays.stream(values).filter(v -> Math.abs(v) == 1).count();
    assertTrue(Math.abs(zeros - n * p0) < 6 * Math.sqrt(n * p0 * (1 - p0)), "share of 0: " + zeros + " of " + n);
    assertTrue(Math.abs(ones - n * p1) < 6 * Math.sqrt(n * p1 * (1 - p1)), "share of +-1: " + ones + " of " + n);
    int run = 1;
    for (int i = 1; i < n; i++) {
      run = values[i] == values[i - 1] ? run + 1 : 1;
      assertTrue(run < 16, "16 equal values in a row at cell " + i);
    }
  }
}
