package io.privflow.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.privacy.Guarantee;
import io.privflow.privacy.NoiseFigures;
import io.privflow.privacy.Rational;
import io.privflow.privacy.ReleaseMode;
import io.privflow.request.ReleaseRequest;
import org.junit.jupiter.api.Test;

/** k derived from an empty-cell target is the smallest k that meets it, from public figures only. */
class ThresholdTest {
  private static final Guarantee EPS_1 = new Guarantee.PureDp(Rational.ONE);

  private static ReleaseRequest.Privacy target(ReleaseRequest.EmptyCells e) {
    return new ReleaseRequest.Privacy(EPS_1, ReleaseMode.FULL_DOMAIN, null, e);
  }

  @Test
  void theRequestsKIsKept() {
    Threshold t = Threshold.fullDomain(new ReleaseRequest.Privacy(EPS_1, 10), 3844, NoiseFigures.discreteLaplace(6));
    assertEquals(10, t.value());
    assertTrue(t.origin().contains("the request's k"), t.origin());
  }

  /** The New York case of issue 12: 62 x 62 cells per window, L 6, epsilon 1 (scale 6). */
  @Test
  void atMostOneExpectedEmptyCellPerWindow() {
    NoiseFigures noise = NoiseFigures.discreteLaplace(6);
    long cells = 62 * 62;
    Threshold t = Threshold.fullDomain(target(new ReleaseRequest.EmptyCells(Rational.ONE, null, null)), cells, noise);
    long k = t.value();
    assertTrue(cells * noise.probabilityAtLeast(k) <= 1, "k meets the target");
    assertTrue(cells * noise.probabilityAtLeast(k - 1) > 1, "k - 1 does not: k is the smallest");
    // P[Z >= k] = e^{-k/6} / (1 + e^{-1/6}): 3844 * that <= 1 needs k >= 6 ln(3844 / 1.846) = 45.8
    assertEquals(46, k);
    assertTrue(t.origin().contains("at most 1 empty cell(s) per window"), t.origin());
  }

  /**
   * At most 5% of published cells empty if 40 cells holding devices are published per window: the
   * 3,804 empty cells may publish at most 0.05 / 0.95 x 40 = 2.105 per window. P[Z >= k] =
   * e^(-k/6) / (1 + e^(-1/6)), so 3804 P[Z >= k] <= 2.105 needs k >= 6 ln(3804 / (1.846 x 2.105)) = 41.3.
   */
  @Test
  void atMostAShareOfPublishedCellsEmpty() {
    NoiseFigures noise = NoiseFigures.discreteLaplace(6);
    Threshold t = Threshold.fullDomain(target(new ReleaseRequest.EmptyCells(null, Rational.parse("0.05"), 40L)), 3844,
        noise);
    assertEquals(42, t.value());
    double cap = 0.05 / 0.95 * 40;
    assertTrue(3804 * noise.probabilityAtLeast(42) <= cap && 3804 * noise.probabilityAtLeast(41) > cap);
    assertTrue(t.origin().contains("at most 0.05 of published cells are expected to be empty if 40 cells per window"
        + " that hold devices are published"), t.origin());
  }

  /** The same target on a denser table (more non-empty cells) needs a lower k. */
  @Test
  void aDenserTableNeedsALowerK() {
    NoiseFigures noise = NoiseFigures.discreteGaussian(12);
    Rational share = Rational.parse("0.05");
    long sparse = Threshold.fullDomain(target(new ReleaseRequest.EmptyCells(null, share, 40L)), 3844, noise).value();
    long dense = Threshold.fullDomain(target(new ReleaseRequest.EmptyCells(null, share, 2000L)), 3844, noise).value();
    assertTrue(dense < sparse, dense + " vs " + sparse);
  }

  @Test
  void anUnreachableTargetIsRefused() {
    // scale 1e8: 10^6 cells * e^{-k / 1e8} / 2 <= 1e-9 needs k >= 3.4e9, beyond the largest k derived
    PlanException e = assertThrows(PlanException.class, () -> Threshold.fullDomain(
        target(new ReleaseRequest.EmptyCells(Rational.parse("0.000000001"), null, null)), 1_000_000,
        NoiseFigures.discreteLaplace(1e8)));
    assertTrue(e.getMessage().startsWith("privacy.empty_cells: no k up to"), e.getMessage());
  }

  @Test
  void aSelectionThresholdIsRaisedToTheRequestsFloor() {
    assertEquals(23, Threshold.selection(23, 10, 6, "1e-8").value());
    Threshold raised = Threshold.selection(23, 30, 6, "1e-8");
    assertEquals(30, raised.value());
    assertTrue(raised.origin().endsWith("raised to min_count 30"), raised.origin());
  }
}
