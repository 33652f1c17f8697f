package io.privflow.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.bounding.ContributionBounder;
import io.privflow.privacy.CountReleaser;
import io.privflow.privacy.Guarantee;
import io.privflow.privacy.OdDomain;
import io.privflow.privacy.PresenceDomain;
import io.privflow.privacy.Rational;
import io.privflow.privacy.ReleaseMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one place the release's guarantee is checked against the composition of its metrics. */
class ReleasePlannerTest {
  private static MetricPlan part(Guarantee g) {
    OdDomain d = new OdDomain(1, 2);
    return new MetricPlan(Metric.OD, d, ContributionBounder.transitions(d, 3), g, ReleaseMode.FULL_DOMAIN,
        new Threshold(0, "min_count 0"),
        new CountReleaser(g.calibrate(ContributionBounder.transitions(d, 3).sensitivity()), 0));
  }

  @Test
  void metricsThatComposeToTheReleaseGuaranteePass() {
    Guarantee release = new Guarantee.PureDp(Rational.ONE);
    ReleasePlanner.checkComposition(release, List.of(part(release.share(Rational.of(3, 4))),
        part(release.share(Rational.of(1, 4)))));
  }

  @Test
  void metricsThatSpendMoreThanTheReleaseAreCaught() {
    Guarantee release = new Guarantee.PureDp(Rational.ONE);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ReleasePlanner.checkComposition(
        release, List.of(part(release.share(Rational.of(3, 4))), part(release.share(Rational.of(1, 2))))));
    assertTrue(e.getMessage().contains("epsilon=1.25"), e.getMessage());
  }

  @Test
  void aMetricsSensitivityIsItsBound() {
    PresenceDomain d = new PresenceDomain(3, 2);
    assertEquals(7, ContributionBounder.presence(d, 7).sensitivity().l1());
    assertEquals(7, ContributionBounder.presence(d, 7).sensitivity().l2Squared());
  }
}
