package io.privflow.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.privacy.Guarantee;
import io.privflow.privacy.NoiseFigures;
import io.privflow.privacy.Rational;
import io.privflow.privacy.ReleaseMode;
import io.privflow.privacy.SelectionThreshold;
import io.privflow.request.ReleaseRequest;
import io.privflow.testing.Fixtures;
import java.nio.file.Files;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The figures of the README's "Choosing a release mode", computed here with the production code
 * and looked up in the README's text: the New York case (62 counties: 3,844 OD cells per window,
 * epsilon 1, L 6, k 10) and its remedies.
 */
class ReleaseModeReadmeTest {
  @Test
  void theReadmeStatesTheFiguresTheCodeComputes() throws Exception {
    String readme = Files.readString(Fixtures.projectRoot().resolve("README.md")).replaceAll("\\s+", " ");
    long cells = 62L * 62;
    NoiseFigures laplace = new Guarantee.PureDp(Rational.ONE).calibrate(
        io.privflow.privacy.Sensitivity.distinctCells(6)).figures();
    assertEquals(6.0, laplace.parameter());
    double p = laplace.probabilityAtLeast(10);
    String percent = String.format(Locale.ROOT, "%.1f%%", 100 * p);
    assertTrue(readme.contains("publishes each empty cell with probability " + percent), percent);
    String expected = String.format(Locale.ROOT, "about %d empty cells per window", Math.round(cells * p));
    assertTrue(readme.contains(expected), expected);

    ReleaseRequest.Privacy target = new ReleaseRequest.Privacy(new Guarantee.PureDp(Rational.ONE),
        ReleaseMode.FULL_DOMAIN, null, new ReleaseRequest.EmptyCells(Rational.ONE, null, null));
    long k = Threshold.fullDomain(target, cells, laplace).value();
    assertTrue(readme.contains("k = " + k + " in the New York case"), "k = " + k);
    String atK = String.format(Locale.ROOT, "a cell holding %d devices is published %d%% of the time", k,
        Math.round(100 * laplace.releaseProbability(k, k)));
    assertTrue(readme.contains(atK), atK);

    Guarantee rho = new Guarantee.Zcdp(Rational.of(1, 2), Rational.parse("0.000001"), Rational.parse("0.00000001"));
    assertEquals(0, new Guarantee.PureDp(Rational.ONE).cost(io.privflow.privacy.Accounting.ZCDP)
        .compareTo(Rational.of(1, 2)), "epsilon 1 is charged rho 0.5");
    Rational sigmaSquared = ((io.privflow.privacy.DiscreteGaussianMechanism) rho.calibrate(
        io.privflow.privacy.Sensitivity.distinctCells(6))).sigmaSquared();
    long tau = SelectionThreshold.tau(sigmaSquared, 6, rho.deltaCost());
    String selection = "the noise has sigma² " + io.privflow.privacy.Decimals.plain(sigmaSquared)
        + " and the threshold is tau = " + tau;
    assertTrue(readme.contains(selection), selection);
  }
}
