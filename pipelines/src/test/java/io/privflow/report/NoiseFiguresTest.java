package io.privflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.privacy.NoiseFigures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan's figures against values worked out by hand here, independently of NoiseFigures. */
class NoiseFiguresTest {

  @Test
  void discreteLaplaceReleaseProbabilitiesHaveTheClosedForm() {
    // epsilon 1, L 6: scale b = 6, q = e^(-1/6). P[Z >= m] = q^m / (1 + q) for m >= 1.
    double b = 6;
    double q = Math.exp(-1 / b);
    long k = 10;
    NoiseFigures f = NoiseFigures.discreteLaplace(b);
    for (long c : List.of(0L, 1L, 9L)) {
      assertEquals(Math.pow(q, k - c) / (1 + q), f.releaseProbability(c, k), 1e-12, "c = " + c);
    }
    // c >= k: P[Z >= -m] = 1 - P[Z >= m + 1] = 1 - q^(m+1) / (1 + q)
    assertEquals(1 - q / (1 + q), f.releaseProbability(10, k), 1e-12);
    assertEquals(1 - Math.pow(q, 11) / (1 + q), f.releaseProbability(20, k), 1e-12);
    assertEquals(1 - Math.pow(q, 91) / (1 + q), f.releaseProbability(100, k), 1e-12);
    // c = 0, k = 10: q^10 / (1+q) = e^(-10/6) / 1.846481 = 0.188876 / 1.846481 = 0.10229
    assertEquals(0.10229, f.releaseProbability(0, k), 1e-5);
  }

  @Test
  void discreteLaplaceStandardDeviationAndInterval() {
    double q = Math.exp(-1.0 / 6);
    NoiseFigures f = NoiseFigures.discreteLaplace(6);
    // Var = 2q / (1-q)^2
    assertEquals(Math.sqrt(2 * q) / (1 - q), f.standardDeviation(), 1e-9);
    // sqrt(2 * 0.8464817) / 0.1535183 = 1.3011393 / 0.1535183 = 8.4755 (the README's "about 8.5")
    assertEquals(8.4755, f.standardDeviation(), 1e-4);
    // P[|Z| <= h] = 1 - 2 q^(h+1) / (1+q): h = 17 gives 1 - 2 e^-3 / 1.846481 = 0.94607 < 0.95,
    // h = 18 gives 1 - 2 e^(-19/6) / 1.846481 = 0.95435 >= 0.95
    assertEquals(18, f.halfWidth95());
    assertEquals(0.94607, f.probabilityWithin(17), 1e-5);
    assertEquals(0.95435, f.probabilityWithin(18), 1e-5);
  }

  @Test
  void discreteGaussianAgainstABruteForceSum() {
    // sigma^2 = 4: sum exp(-z^2/8) over |z| <= 200 by hand-written loop
    double s2 = 4;
    double norm = 0;
    for (int z = -200; z <= 200; z++) {
      norm += Math.exp(-z * z / (2 * s2));
    }
    NoiseFigures f = NoiseFigures.discreteGaussian(s2);
    for (int m = -6; m <= 8; m++) {
      double tail = 0;
      for (int z = m; z <= 200; z++) {
        tail += Math.exp(-z * z / (2 * s2));
      }
      assertEquals(tail / norm, f.probabilityAtLeast(m), 1e-12, "m = " + m);
    }
    // for sigma = 2 the discrete variance equals sigma^2 to ~1e-15. With w_z = e^(-z^2/8):
    // w1..w4 = 0.8824969, 0.6065307, 0.3246525, 0.1353353 and norm = 5.0132565 (= 2 sqrt(2 pi)),
    // P[|Z| <= 3] = (1 + 2 * 1.8136801) / norm = 0.923026 < 0.95,
    // P[|Z| <= 4] = (1 + 2 * 1.9490154) / norm = 0.977016: h = 4
    assertEquals(2.0, f.standardDeviation(), 1e-9);
    assertEquals(4, f.halfWidth95());
    assertEquals(0.923026, f.probabilityWithin(3), 2e-6);
    assertEquals(0.977016, f.probabilityWithin(4), 1e-6);
  }

  @Test
  void largeGaussianUsesTheNormalTail() {
    NoiseFigures f = NoiseFigures.discreteGaussian(1e10); // sigma 1e5
    assertEquals(1e5, f.standardDeviation(), 1e-6);
    assertEquals(195997, f.halfWidth95(), 2); // 1.959964 sigma
    // P[Z >= 1] = P[X >= 0.5] for X ~ N(0, 1e10), just under one half
    assertEquals(0.5, f.probabilityAtLeast(1), 1e-5);
  }

  @Test
  void expectedNoiseOfPublishedEmptyCells() {
    // Laplace b = 6, k = 10: E[Z; Z >= 10] summed term by term here
    double q = Math.exp(-1.0 / 6);
    NoiseFigures f = NoiseFigures.discreteLaplace(6);
    for (int m = -5; m <= 25; m++) {
      double sum = 0;
      for (int z = m; z < 3000; z++) {
        sum += z * (1 - q) / (1 + q) * Math.pow(q, Math.abs(z));
      }
      assertEquals(sum, f.expectedAtLeast(m), 1e-12, "m = " + m);
    }
    // by hand: P[Z >= 10] (10 + q / (1 - q)) = 0.102290 * (10 + 0.846482 / 0.153518) = 0.102290 * 15.51389
    assertEquals(1.58691, f.expectedAtLeast(10), 1e-5);
    // Gaussian sigma^2 = 4 against a brute-force sum
    double norm = 0;
    for (int z = -200; z <= 200; z++) {
      norm += Math.exp(-z * z / 8.0);
    }
    NoiseFigures g = NoiseFigures.discreteGaussian(4);
    for (int m = -6; m <= 10; m++) {
      double sum = 0;
      for (int z = m; z <= 200; z++) {
        sum += z * Math.exp(-z * z / 8.0);
      }
      assertEquals(sum / norm, g.expectedAtLeast(m), 1e-12, "m = " + m);
    }
  }

  @Test
  void intervalCoverageAmongPublishedCells() {
    double q = Math.exp(-1.0 / 6);
    NoiseFigures f = NoiseFigures.discreteLaplace(6); // h = 18
    // true count 0, k = 10: published iff Z >= 10, covered iff Z <= 18: (q^10 - q^19) / q^10 = 1 - q^9
    assertEquals(1 - Math.exp(-1.5), f.coverageIfReleased(0, 10), 1e-12);
    assertEquals(0.776870, f.coverageIfReleased(0, 10), 1e-6);
    // true count k: published iff Z >= 0: P[0 <= Z <= 18] / P[Z >= 0]
    //   = (1 - q / (1+q) - q^19 / (1+q)) / (1 - q / (1+q))
    double pAtLeast0 = 1 - q / (1 + q);
    assertEquals((pAtLeast0 - Math.pow(q, 19) / (1 + q)) / pAtLeast0, f.coverageIfReleased(10, 10), 1e-12);
    // far above k the selection is almost certain and the coverage is the unconditional one
    assertEquals(f.coverage95(), f.coverageIfReleased(1000, 10), 1e-12);
    // k - c above h: a published empty cell's interval never holds 0
    assertEquals(0.0, f.coverageIfReleased(0, 19));
    assertTrue(f.coverageIfReleased(0, 18) > 0);
  }

  @Test
  void intervalsAreClippedAtZeroAndCentredOtherwise() {
    NoiseFigures f = NoiseFigures.discreteLaplace(6); // h = 18
    assertEquals(new NoiseFigures.Interval(0, 23), f.interval95(5));
    assertEquals(new NoiseFigures.Interval(22, 58), f.interval95(40));
    assertEquals(new NoiseFigures.Interval(0, 36), f.interval95(18));
    assertTrue(f.interval95(5).contains(0) && !f.interval95(40).contains(21) && f.interval95(40).contains(58));
  }

  @Test
  void countsOfInterestAreDistinctAndNonNegative() {
    assertEquals(List.of(0L, 1L, 9L, 10L, 20L, 50L, 100L), NoiseFigures.countsOfInterest(10));
    assertEquals(List.of(0L, 1L, 2L, 5L, 10L), NoiseFigures.countsOfInterest(1));
    assertEquals(List.of(0L, 1L), NoiseFigures.countsOfInterest(0));
  }
}
