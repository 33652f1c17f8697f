package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.model.BoundedContribution;
import io.privflow.model.NoisyCount;
import io.privflow.testing.TestPipelines;
import java.util.stream.IntStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

/**
 * Window totals through the production noise stage: the published 95% intervals hold the true
 * totals at the stated rate. 2,000 windows with true totals w mod 50 (every 50th window empty),
 * epsilon 0.5 and L 6 (discrete Laplace, scale 12), every total published unthresholded.
 *
 * <p>A window's interval [max(0, T - h), max(0, T + h)] holds its true total t > 0 exactly when
 * |Z| <= h, and t = 0 when Z <= h, so each window is covered with probability at least the
 * mechanism's exact coverage c = P[|Z| <= h] >= 0.95, independently. The test fails when fewer than
 * {@code t} windows are covered, with t the largest count such that P[Binomial(2000, c) < t] <= 1e-6:
 * its false-failure probability is at most 1e-6. The negative control publishes noise of scale 48
 * while the intervals still use the half-width of scale 12 (as if the noise were calibrated for a
 * bound 4 times smaller than the one applied); its exact coverage is computed the same way, and
 * the test asserts that the same threshold catches it except with probability below 1e-9.
 */
class WindowTotalsCoverageTest {
  private static final int WINDOWS = 2000;
  private static final Guarantee EPSILON = new Guarantee.PureDp(Rational.of(1, 2));
  private static final NoiseMechanism NOISE = EPSILON.calibrate(Sensitivity.distinctCells(6));
  private static final long H = NOISE.figures().halfWidth95();

  private static long trueTotal(int window) {
    return window % 50;
  }

  /** Windows whose published interval (half-width H) holds the true total, when {@code published} adds the noise. */
  private static long covered(NoiseMechanism published) {
    Pipeline p = TestPipelines.create();
    PCollection<NoisyCount> totals = p
        .apply(Create.of(IntStream.range(0, WINDOWS).boxed().toList()))
        .apply(ParDo.of(new DoFn<Integer, BoundedContribution>() {
          @ProcessElement
          public void process(@Element Integer w, OutputReceiver<BoundedContribution> out) {
            for (long i = 0; i < trueTotal(w); i++) {
              out.output(new BoundedContribution(w));
            }
          }
        }))
        .setCoder(BoundedContribution.CODER)
        .apply(new AddNoiseAndThreshold(new TotalsDomain(WINDOWS), CountReleaser.everyValue(published)));
    PAssert.that(totals).satisfies(all -> {
      long n = 0;
      long in = 0;
      for (NoisyCount c : all) {
        n++;
        if (NoiseFigures.Interval.around(c.count(), H).contains(trueTotal((int) c.cell()))) {
          in++;
        }
      }
      if (n != WINDOWS) {
        throw new AssertionError(n + " totals published, not one per window");
      }
      TotalsCounter.set(in);
      return null;
    });
    p.run().waitUntilFinish();
    return TotalsCounter.get();
  }

  /** Carries the covered count out of the PAssert callback (the DirectRunner runs it in this JVM). */
  private static final class TotalsCounter {
    private static volatile long value = -1;

    static void set(long v) {
      value = v;
    }

    static long get() {
      return value;
    }
  }

  /** Windows covered with probability p each: the smallest count not flagged. */
  private static int threshold(double p) {
    BinomialDistribution b = new BinomialDistribution(null, WINDOWS, p);
    int t = 0;
    while (b.cumulativeProbability(t) <= 1e-6) { // P[X <= t] <= 1e-6, so P[X < t + 1] <= 1e-6
      t++;
    }
    return t;
  }

  /** Exact per-window coverage of totals w mod 50 under noise {@code f} with intervals of half-width H. */
  private static double coverage(NoiseFigures f) {
    double positive = f.probabilityWithin(H);
    double zero = 1 - f.probabilityAtLeast(H + 1);
    return (49 * positive + zero) / 50;
  }

  @Test
  void theIntervalsHoldTheTrueTotalsAtTheStatedRate() {
    double c = NOISE.figures().probabilityWithin(H);
    assertTrue(c >= 0.95, "the half-width gives at least 95%: " + c);
    int t = threshold(c);
    long in = covered(NOISE);
    assertTrue(in >= t, in + " of " + WINDOWS + " windows covered, below the 1e-6 threshold " + t);
  }

  @Test
  void tooMuchNoiseForTheStatedIntervalsIsCaught() {
    NoiseMechanism planted = EPSILON.calibrate(Sensitivity.distinctCells(24));
    int t = threshold(NOISE.figures().probabilityWithin(H));
    double wrong = coverage(planted.figures());
    double miss = 1 - new BinomialDistribution(null, WINDOWS, wrong).cumulativeProbability(t - 1);
    assertTrue(miss < 1e-9, "the check would miss the planted error with probability " + miss);
    long in = covered(planted);
    assertTrue(in < t, "the planted error was not caught: " + in + " covered, threshold " + t);
  }
}
