package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The guarantee type answers every epsilon-or-rho question; each answer is checked by hand here. */
class GuaranteeTest {
  private static final Guarantee EPS_1 = new Guarantee.PureDp(Rational.parse("1"));
  private static final Guarantee RHO_1_8 = new Guarantee.Zcdp(Rational.of(1, 8), Rational.parse("0.000001"));

  @Test
  void aShareScalesTheParameterExactly() {
    assertEquals(new Guarantee.PureDp(Rational.parse("0.75")), EPS_1.share(Rational.parse("0.75")));
    assertEquals(new Guarantee.Zcdp(Rational.of(1, 32), Rational.parse("0.000001")), RHO_1_8.share(Rational.of(1, 4)));
  }

  @Test
  void costUnderEachAccounting() {
    assertEquals(Rational.ONE, EPS_1.cost(Accounting.PURE_DP));
    // epsilon-DP implies (epsilon^2 / 2)-zCDP
    assertEquals(Rational.of(1, 2), EPS_1.cost(Accounting.ZCDP));
    assertEquals(Rational.parse("0.045"), new Guarantee.PureDp(Rational.parse("0.3")).cost(Accounting.ZCDP));
    assertEquals(Rational.of(1, 8), RHO_1_8.cost(Accounting.ZCDP));
    Guarantee.NotChargeable e = assertThrows(Guarantee.NotChargeable.class, () -> RHO_1_8.cost(Accounting.PURE_DP));
    assertTrue(e.getMessage().contains("not pure DP"), e.getMessage());
  }

  @Test
  void calibrationFollowsTheSensitivity() {
    // Laplace scale L1 / epsilon: 6 / 0.5 = 12
    var lap = assertInstanceOf(DiscreteLaplaceMechanism.class,
        new Guarantee.PureDp(Rational.parse("0.5")).calibrate(Sensitivity.distinctCells(6)));
    assertEquals(Rational.of(12, 1), lap.scale());
    // Gaussian sigma^2 = L2^2 / (2 rho): 6 / (2/8) = 24
    var gauss = assertInstanceOf(DiscreteGaussianMechanism.class, RHO_1_8.calibrate(Sensitivity.distinctCells(6)));
    assertEquals(Rational.of(24, 1), gauss.sigmaSquared());
    // L1 and L2^2 can differ: each calibrates its own mechanism
    Sensitivity s = new Sensitivity(4, 9);
    assertEquals(Rational.of(4, 1), ((DiscreteLaplaceMechanism) EPS_1.calibrate(s)).scale());
    assertEquals(Rational.of(36, 1), ((DiscreteGaussianMechanism) RHO_1_8.calibrate(s)).sigmaSquared());
  }

  @Test
  void zcdpConvertsToEpsilonDelta() {
    // rho + 2 sqrt(rho ln(1/delta)) = 0.125 + 2 sqrt(0.125 * 13.81551) = 2.75327
    assertEquals(2.75327, RHO_1_8.epsilonAtDelta(), 1e-5);
    assertEquals(1.0, EPS_1.epsilonAtDelta());
    assertEquals(Rational.ZERO, EPS_1.delta());
    assertEquals("rho 0.125 at delta 0.000001 is (2.7533, delta)-DP", RHO_1_8.asEpsilonDelta());
    assertEquals("epsilon 1 is rho 0.5 (epsilon^2 / 2) in zCDP", EPS_1.chargedAs(Accounting.ZCDP));
  }

  @Test
  void partsComposeByAddingTheirParameters() {
    Guarantee od = EPS_1.share(Rational.parse("0.75"));
    Guarantee presence = EPS_1.share(Rational.parse("0.25"));
    assertEquals(EPS_1, Guarantee.compose(List.of(od, presence)));
    assertEquals(RHO_1_8, Guarantee.compose(List.of(RHO_1_8.share(Rational.of(1, 3)), RHO_1_8.share(Rational.of(2, 3)))));
    // shares that do not add up to 1 compose to another guarantee
    assertEquals(new Guarantee.PureDp(Rational.parse("1.1")),
        Guarantee.compose(List.of(od, EPS_1.share(Rational.parse("0.35")))));
    assertThrows(IllegalArgumentException.class, () -> Guarantee.compose(List.of(EPS_1, RHO_1_8)));
  }

  @Test
  void distinctCellsSensitivity() {
    Sensitivity s = Sensitivity.distinctCells(6);
    assertEquals(6, s.l1());
    assertEquals(6, s.l2Squared());
    assertEquals(Math.sqrt(6), s.l2(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> Sensitivity.distinctCells(0));
  }

  @Test
  void invalidParametersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Guarantee.PureDp(Rational.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new Guarantee.Zcdp(Rational.ONE, Rational.ZERO));
    assertThrows(IllegalArgumentException.class, () -> new Guarantee.Zcdp(Rational.ONE, Rational.ONE));
  }
}
