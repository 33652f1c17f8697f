package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The partition selection's threshold against the exact tail of the discrete Gaussian, summed
 * term by term here (independently of the bound the threshold uses).
 */
class SelectionThresholdTest {

  /** P[Z >= m] for the discrete Gaussian N_Z(0, sigma^2), by direct summation. */
  static double exactTail(long m, double sigmaSquared) {
    double sigma = Math.sqrt(sigmaSquared);
    long reach = (long) Math.ceil(40 * sigma) + 40;
    double norm = 0;
    double tail = 0;
    for (long z = -reach; z <= reach; z++) {
      double w = Math.exp(-(double) z * z / (2 * sigmaSquared));
      norm += w;
      if (z >= m) {
        tail += w;
      }
    }
    return tail / norm;
  }

  @ParameterizedTest(name = "sigma^2 {0}, l0 {1}, delta {2}")
  @CsvSource({
      "1, 1, 1e-6", "12, 6, 1e-8", "12, 6, 1e-5", "300, 6, 1e-8", "3.5, 24, 1e-9", "9000, 1, 1e-3", "0.25, 3, 1e-8"})
  void aCellOnlyOneDeviceFillsIsPublishedWithProbabilityAtMostDeltaOverL(String sigmaSquared, long l0, String delta) {
    Rational s2 = Rational.parse(sigmaSquared);
    Rational d = Rational.parse(delta);
    long tau = SelectionThreshold.tau(s2, l0, d);
    // A singleton cell has true count 1 and is published when 1 + Z >= tau.
    double spent = l0 * exactTail(tau - 1, s2.toDouble());
    assertTrue(spent <= d.toDouble(), "tau " + tau + " spends " + spent + " > delta " + delta);
    // Not wastefully high: two below it, the exact delta spent is already over the target.
    double tooLow = l0 * exactTail(tau - 3, s2.toDouble());
    assertTrue(tooLow > d.toDouble(), "tau " + tau + " is not the smallest sensible: tau - 2 spends " + tooLow);
  }

  @Test
  void aSmallerDeltaOrMorePartitionsPerDeviceRaisesTheThreshold() {
    Rational s2 = Rational.of(12, 1);
    long base = SelectionThreshold.tau(s2, 6, Rational.parse("1e-6"));
    assertTrue(SelectionThreshold.tau(s2, 6, Rational.parse("1e-9")) > base);
    assertTrue(SelectionThreshold.tau(s2, 60, Rational.parse("1e-6")) > base);
    assertTrue(SelectionThreshold.tau(Rational.of(48, 1), 6, Rational.parse("1e-6")) > base);
  }

  /** A worked example: sigma^2 = 12 (L 6, rho 0.25), delta 1e-8: Q((tau - 2) / 3.4641) <= 1e-8 / (6 * 1.01). */
  @Test
  void workedExample() {
    // Q(x) <= 1.65e-9 needs x >= 5.91, so tau - 2 >= 20.47: tau = 23.
    assertEquals(23, SelectionThreshold.tau(Rational.of(12, 1), 6, Rational.parse("1e-8")));
  }

  @Test
  void noDeltaOrNoPartitionIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> SelectionThreshold.tau(Rational.ONE, 1, Rational.ZERO));
    assertThrows(IllegalArgumentException.class, () -> SelectionThreshold.tau(Rational.ONE, 0, Rational.parse("1e-6")));
  }

  @Test
  void theTailBoundIsAnUpperBound() {
    for (double s2 : new double[] {0.3, 1, 7, 100, 2500}) {
      for (long m = 1; m < 12 * Math.sqrt(s2) + 3; m++) {
        double exact = exactTail(m, s2);
        double bound = SelectionThreshold.tailBound(m, Math.sqrt(s2));
        assertTrue(exact <= bound * (1 + 1e-9), "sigma^2 " + s2 + ", m " + m + ": " + exact + " > " + bound);
      }
    }
  }
}
