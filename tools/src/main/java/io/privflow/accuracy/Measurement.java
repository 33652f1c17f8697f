package io.privflow.accuracy;

import io.privflow.plan.MetricPlan;
import io.privflow.privacy.CellDomain;
import io.privflow.privacy.CountReleaser;
import io.privflow.privacy.NoiseFigures;
import io.privflow.privacy.NoiseSampler;
import io.privflow.privacy.ReleaseMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Applies a metric's production release rule, {@code releaser().release(count, sampler)} with the
 * production sampler, to every cell the release would noise, {@code reps} times, and measures what
 * came out against the truth. A full-domain release noises every cell of the public domain, zeros
 * included; a partition selection only the cells with a bounded count of at least 1 (what reaches
 * its noise stage in the pipeline).
 *
 * <p>The pipeline's noise stage draws every cell's noise independently (each worker seeds its own
 * secure generator) and keeps the cell when its noisy count reaches the threshold, so given the
 * bounded counts the released table is a product of independent per-cell draws. Drawing the same
 * per-cell rule here, in a loop, gives the same distribution as the Beam stage, without running a
 * pipeline per repetition. The bounded counts are one draw of the bound (a uniform subset for
 * devices above it), made once by {@link TruthPipeline}.
 */
final class Measurement {
  /** Cells whose true count is at least this are "large" for the error figures (the figure). */
  static final int LARGE = 50;

  private Measurement() {}

  /**
   * What one setting gave for one metric, over all repetitions. Cell figures are against the
   * bounded truth (the count the release noised); window totals against the unbounded truth.
   *
   * @param k the threshold the plan applies (derived k, or the selection threshold)
   * @param noised cells noised per repetition (the whole domain, or the selection's candidates)
   * @param emptyShare published cells whose true count is 0, as a share of published cells (NaN: none published)
   * @param nonEmpty cells whose true count is at least 1
   * @param nonEmptyPublished share of those published, over all repetitions (NaN: no such cell)
   * @param flowsAtLeast2k cells whose true count is at least max(2k, 1)
   * @param recall2k share of those published, over all repetitions (NaN: no such cell)
   * @param large cells whose true count is at least {@link #LARGE}
   * @param largePublished share of those published
   * @param meanAbsError mean |published - true| over published large cells (NaN: none)
   * @param meanRelError mean |published - true| / true over published large cells (NaN: none)
   * @param coverageNoised share of noised cells whose 95% interval (around the noisy count, before the
   *     threshold) holds the true count
   * @param coveragePublished the same among published cells (NaN: none published)
   * @param totalsMeanError mean over windows and repetitions of (sum of published cells - true total)
   * @param totalsMedianRelError median over windows (with a true total above 0) and repetitions of
   *     |sum of published cells - true total| / true total (NaN: no such window)
   */
  record Figures(int reps, long k, long noised, double publishedPerWindow, double emptyShare,
      double emptyPerWindow, double plannedEmptyPerWindow, long nonEmpty, double nonEmptyPublished,
      long flowsAtLeast2k, double recall2k, long large, double largePublished, double meanAbsError,
      double meanRelError, double coverageNoised, double coveragePublished, double totalsMeanError,
      double totalsMedianRelError) {}

  static Figures measure(MetricPlan m, MetricTruth truth, int reps, int threads)
      throws InterruptedException {
    if (reps < 1) {
      throw new IllegalArgumentException("at least one repetition");
    }
    int[] cells = noisedCells(m.mode(), truth.bounded());
    long k = m.threshold().value();
    int workers = Math.max(1, Math.min(threads, reps));
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    List<Future<Tally>> parts = new ArrayList<>();
    try {
      for (int w = 0; w < workers; w++) {
        int share = reps / workers + (w < reps % workers ? 1 : 0);
        parts.add(pool.submit(() -> run(m, truth, cells, share)));
      }
      Tally all = new Tally(0);
      for (Future<Tally> f : parts) {
        all.add(f.get());
      }
      return all.figures(m, truth, reps, k, cells.length);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a measurement failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The cells the release noises: every cell, or (a partition selection) those with contributions. */
  static int[] noisedCells(ReleaseMode mode, int[] bounded) {
    if (mode == ReleaseMode.FULL_DOMAIN) {
      int[] all = new int[bounded.length];
      Arrays.setAll(all, i -> i);
      return all;
    }
    return java.util.stream.IntStream.range(0, bounded.length).filter(c -> bounded[c] >= 1).toArray();
  }

  private static Tally run(MetricPlan m, MetricTruth truth, int[] cells, int reps) {
    CountReleaser releaser = m.releaser();
    NoiseFigures figures = releaser.mechanism().figures(); // the intervals a release publishes
    Recording sampler = new Recording(releaser.mechanism().newSampler());
    CellDomain domain = truth.domain();
    int[] b = truth.bounded();
    long[] trueTotals = truth.unboundedTotals();
    long flowMin = Math.max(2 * releaser.minCount(), 1);
    Tally t = new Tally(reps * domain.slots());
    long[] sums = new long[domain.slots()];
    for (int r = 0; r < reps; r++) {
      Arrays.fill(sums, 0);
      for (int c : cells) {
        int count = b[c];
        long released = releaser.release(count, sampler);
        long noisy = count + sampler.last;
        if (figures.interval95(noisy).contains(count)) {
          t.coveredNoised++;
        }
        boolean flow = count >= flowMin;
        t.flows += flow ? 1 : 0;
        t.nonEmpty += count >= 1 ? 1 : 0;
        t.large += count >= LARGE ? 1 : 0;
        if (released == CountReleaser.SUPPRESSED) {
          continue;
        }
        t.published++;
        sums[domain.slotOf(c)] += released;
        t.emptyPublished += count == 0 ? 1 : 0;
        t.recalled += flow ? 1 : 0;
        t.nonEmptyPublished += count >= 1 ? 1 : 0;
        if (figures.interval95(released).contains(count)) {
          t.coveredPublished++;
        }
        if (count >= LARGE) {
          t.largePublished++;
          t.absError += Math.abs(released - count);
          t.relError += Math.abs(released - count) / (double) count;
        }
      }
      for (int s = 0; s < sums.length; s++) {
        long error = sums[s] - trueTotals[s];
        t.totalsError += error;
        if (trueTotals[s] > 0) {
          t.relTotals[t.relCount++] = Math.abs(error) / (double) trueTotals[s];
        }
      }
    }
    return t;
  }

  /** The production sampler, remembering its last draw so the noisy count of a suppressed cell is known too. */
  private static final class Recording implements NoiseSampler {
    private final NoiseSampler inner;
    long last;

    Recording(NoiseSampler inner) {
      this.inner = inner;
    }

    @Override
    public long sample() {
      last = inner.sample();
      return last;
    }
  }

  /** Running sums of one worker; merged at the end. */
  private static final class Tally {
    long published;
    long emptyPublished;
    long coveredNoised;
    long coveredPublished;
    long nonEmpty;
    long nonEmptyPublished;
    long flows;
    long recalled;
    long large;
    long largePublished;
    double absError;
    double relError;
    double totalsError;
    double[] relTotals;
    int relCount;

    Tally(int windowsTimesReps) {
      relTotals = new double[windowsTimesReps];
    }

    void add(Tally o) {
      published += o.published;
      emptyPublished += o.emptyPublished;
      coveredNoised += o.coveredNoised;
      coveredPublished += o.coveredPublished;
      nonEmpty += o.nonEmpty;
      nonEmptyPublished += o.nonEmptyPublished;
      flows += o.flows;
      recalled += o.recalled;
      large += o.large;
      largePublished += o.largePublished;
      absError += o.absError;
      relError += o.relError;
      totalsError += o.totalsError;
      double[] joined = Arrays.copyOf(relTotals, relCount + o.relCount);
      System.arraycopy(o.relTotals, 0, joined, relCount, o.relCount);
      relTotals = joined;
      relCount += o.relCount;
    }

    Figures figures(MetricPlan m, MetricTruth truth, int reps, long k, long noised) {
      double windows = (double) reps * truth.domain().slots();
      long noisedTotal = noised * reps;
      double[] rel = Arrays.copyOf(relTotals, relCount);
      Arrays.sort(rel);
      return new Figures(reps, k, noised, published / windows, ratio(emptyPublished, published),
          emptyPublished / windows, m.expectedEmptyPerWindow(), nonEmpty / reps, ratio(nonEmptyPublished, nonEmpty),
          flows / reps, ratio(recalled, flows), large / reps, ratio(largePublished, large),
          largePublished == 0 ? Double.NaN : absError / largePublished,
          largePublished == 0 ? Double.NaN : relError / largePublished, ratio(coveredNoised, noisedTotal),
          ratio(coveredPublished, published), totalsError / windows, median(rel));
    }

    private static double ratio(long part, long whole) {
      return whole == 0 ? Double.NaN : part / (double) whole;
    }

    private static double median(double[] sorted) {
      int n = sorted.length;
      if (n == 0) {
        return Double.NaN;
      }
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
  }
}
