package io.privflow.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.plan.MetricPlan;
import io.privflow.plan.NoiseCalibration;
import io.privflow.plan.ReleasePlanner;
import io.privflow.policy.Policy;
import io.privflow.privacy.CountReleaser;
import io.privflow.privacy.Guarantee;
import io.privflow.privacy.Rational;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import io.privflow.testing.ZeroNoise;
import java.nio.file.Path;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures of {@link Measurement} on the tiny fixture's domain (3 regions, 4 daily windows: 3 OD
 * slots of 9 cells): with zero noise every figure follows by hand from a truth written here; with
 * the production noise, the count of published empty cells follows its exact distribution.
 */
class MeasurementTest {
  @TempDir Path dir;

  private MetricPlan plan(RequestYaml yaml, NoiseCalibration calibration) throws Exception {
    Policy policy = Fixtures.zcdpPolicy(dir, "100", "0.001");
    return new ReleasePlanner(w -> { }, calibration).plan(RequestParser.parse(yaml.write(dir)), policy).metrics()
        .get(0);
  }

  /**
   * Slot 0: cells 0, 1, 2 hold 5 (7 before the bound), 1 and 60 devices; slot 1: cell 9 holds 4;
   * slot 2 is empty. Zero noise, k = 2: cells 0, 2 and 9 are published in every repetition.
   */
  private static MetricTruth handTruth(MetricPlan m) {
    int[] bounded = new int[27];
    bounded[0] = 5;
    bounded[1] = 1;
    bounded[2] = 60;
    bounded[9] = 4;
    int[] unbounded = bounded.clone();
    unbounded[0] = 7;
    return new MetricTruth("od", m.domain(), bounded, unbounded);
  }

  @Test
  void fullDomainFiguresAreTheHandComputedOnes() throws Exception {
    MetricPlan m = plan(RequestYaml.tiny().minCount(2), ZeroNoise.factory());
    assertEquals(27, m.domain().size(), "3 slots of 3 x 3 cells");
    Measurement.Figures f = Measurement.measure(m, handTruth(m), 3, 2);
    assertEquals(2, f.k());
    assertEquals(27, f.noised(), "a full-domain release noises every cell");
    assertEquals(1.0, f.publishedPerWindow(), 1e-12, "3 cells published over 3 slots");
    assertEquals(0.0, f.emptyShare());
    assertEquals(0.0, f.emptyPerWindow());
    assertEquals(m.expectedEmptyPerWindow(), f.plannedEmptyPerWindow());
    assertEquals(4, f.nonEmpty());
    assertEquals(0.75, f.nonEmptyPublished(), 1e-12, "the cell of count 1 is below k");
    assertEquals(3, f.flowsAtLeast2k(), "counts 5, 60 and 4 reach 2k = 4");
    assertEquals(1.0, f.recall2k());
    assertEquals(1, f.large());
    assertEquals(1.0, f.largePublished());
    assertEquals(0.0, f.meanAbsError());
    assertEquals(0.0, f.meanRelError());
    assertEquals(1.0, f.coverageNoised(), "zero noise: every interval holds its count");
    assertEquals(1.0, f.coveragePublished());
    // slot 0 publishes 5 + 60 against a true 7 + 1 + 60; slot 1 4 against 4; slot 2 0 against 0
    assertEquals(-1.0, f.totalsMeanError(), 1e-12, "(-3 + 0 + 0) / 3");
    assertEquals(3.0 / 136, f.totalsMedianRelError(), 1e-12, "median of three 3/68 and three 0 (slot 2 has no total)");
  }

  @Test
  void aPartitionSelectionNoisesOnlyCellsWithDevicesAndPublishesNoEmptyOne() throws Exception {
    // rho 100: sigma^2 = 3 / 200, so the selection threshold is 3
    MetricPlan m = plan(RequestYaml.tiny().partitionSelection("100"), ZeroNoise.factory());
    assertEquals(3, m.threshold().value());
    Measurement.Figures f = Measurement.measure(m, handTruth(m), 2, 1);
    assertEquals(4, f.noised(), "the four cells with devices");
    assertEquals(1.0, f.publishedPerWindow(), 1e-12, "counts 5, 60 and 4 reach 3");
    assertEquals(0.0, f.emptyShare());
    assertEquals(0.0, f.plannedEmptyPerWindow());
    assertEquals(0.75, f.nonEmptyPublished(), 1e-12);
    assertEquals(1, f.flowsAtLeast2k(), "only 60 reaches 2k = 6");
    assertEquals(1.0, f.recall2k());
    assertEquals(-1.0, f.totalsMeanError(), 1e-12);
  }

  /**
   * Production noise (Laplace, epsilon 1, L 3: scale 3) and k = 5 on a table with no device: each
   * of 27 cells x 20,000 repetitions is published with p = P[Z >= 5] = e^(-5/3) / (1 + e^(-1/3)),
   * independently, so the number published is Binomial(540,000, p) (mean about 59,400). The test
   * fails if it falls outside the central 1 - 2e-7 of that law: a false failure has probability at
   * most 2e-7. A planted error, noise drawn at epsilon 2 while the plan states epsilon 1, makes p
   * about 0.024 and is caught.
   */
  @Test
  void publishedEmptyCellsFollowTheirExactLaw() throws Exception {
    MetricPlan m = plan(RequestYaml.tiny().minCount(5), NoiseCalibration.exact());
    int reps = 20_000;
    long trials = 27L * reps;
    double p = m.noise().probabilityAtLeast(5);
    assertEquals(Math.exp(-5 / 3.0) / (1 + Math.exp(-1 / 3.0)), p, 1e-12);
    BinomialDistribution law = new BinomialDistribution(Math.toIntExact(trials), p);
    long low = law.inverseCumulativeProbability(1e-7);
    long high = law.inverseCumulativeProbability(1 - 1e-7);
    MetricTruth empty = new MetricTruth("od", m.domain(), new int[27], new int[27]);

    long published = publishedEmpty(m, empty, reps);
    assertTrue(low <= published && published <= high, published + " outside [" + low + ", " + high + "]");
    assertEquals(m.domain().cellsPerSlot() * p, m.expectedEmptyPerWindow(), 1e-12, "the plan states the same p");

    MetricPlan planted = new MetricPlan(m.metric(), m.domain(), m.bounder(), m.guarantee(), m.mode(), m.threshold(),
        new CountReleaser(new Guarantee.PureDp(Rational.of(2, 1)).calibrate(m.sensitivity()), 5));
    long wrong = publishedEmpty(planted, empty, reps);
    assertTrue(wrong < low, "the planted error is caught: " + wrong + " vs at least " + low);
  }

  private static long publishedEmpty(MetricPlan m, MetricTruth t, int reps) throws InterruptedException {
    Measurement.Figures f = Measurement.measure(m, t, reps, 2);
    return Math.round(f.emptyPerWindow() * reps * m.domain().slots());
  }
}
