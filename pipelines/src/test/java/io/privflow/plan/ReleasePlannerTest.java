package io.privflow.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.bounding.ContributionBounder;
import io.privflow.model.DeviceTrajectory;
import io.privflow.model.Pseudonym;
import io.privflow.privacy.TotalsDomain;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
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

  /** The tiny request (4 daily windows, 3 regions, L 3) with OD window totals on a fifth of the budget. */
  @Test
  void windowTotalsArePlannedAsTheirOwnUnthresholdedMetric(@TempDir Path dir) throws Exception {
    ReleaseRequest r = RequestParser.parse(RequestYaml.tiny().minCount(5).odShare("0.8").total("0.2").write(dir));
    ReleasePlan plan = new ReleasePlanner(w -> {}, NoiseCalibration.exact()).plan(r, Fixtures.policy(dir));
    assertEquals(List.of(Metric.OD, Metric.OD_TOTALS), plan.metrics().stream().map(MetricPlan::metric).toList());
    MetricPlan totals = plan.metrics().get(1);
    assertEquals(new TotalsDomain(3), totals.domain(), "one total per OD origin window");
    assertEquals(3, totals.bounder().max(), "the cells' bound");
    assertEquals(new Guarantee.PureDp(Rational.of(1, 5)), totals.guarantee());
    assertFalse(totals.releaser().thresholded(), "every total is published, negative ones included");
    assertEquals(5, plan.metrics().get(0).threshold().value(), "the cells keep their k");
    ReleaseRequest own = RequestParser.parse(RequestYaml.tiny().odShare("0.8").total("0.2")
        .set("metrics.total.max_windows_per_device", 3).write(java.nio.file.Files.createDirectories(dir.resolve("own"))));
    // tiny's L is 3; a bound of its own sets the totals' sensitivity and noise
    ReleaseRequest wide = RequestParser.parse(RequestYaml.tiny().maxTransitions(1).odShare("0.8").total("0.2")
        .set("metrics.total.max_windows_per_device", 3).write(java.nio.file.Files.createDirectories(dir.resolve("wide"))));
    MetricPlan wideTotals = new ReleasePlanner(w -> {}, NoiseCalibration.exact()).plan(wide, Fixtures.policy(dir))
        .metrics().get(1);
    assertEquals(3, wideTotals.bounder().max(), "the totals' own bound, not the cells' 1");
    assertEquals(3, wideTotals.sensitivity().l1());
    assertEquals(3, own.metrics().total().maxWindowsPerDevice());
    assertEquals(List.of("od"), plan.figures().metrics().stream().map(m -> m.metric()).toList(),
        "policy rules on thresholds look at cells only");
  }

  /** A device's window totals count each of its windows once, whatever the cell metric does within one. */
  @Test
  void windowTotalsCountEachWindowOfADeviceOnce() {
    PresenceDomain d = new PresenceDomain(4, 3);
    ContributionBounder cells = new ContributionBounder() {
      @Override
      public long[] candidates(DeviceTrajectory t) {
        return new long[] {d.cell(0, 0), d.cell(0, 2), d.cell(2, 1), d.cell(3, 0), d.cell(3, 1)};
      }

      @Override
      public int max() {
        return 2;
      }
    };
    ContributionBounder totals = ContributionBounder.windows(cells, d, 2);
    DeviceTrajectory any = new DeviceTrajectory(new Pseudonym(1, 2), new int[] {0}, new int[] {0});
    assertArrayEquals(new long[] {0, 2, 3}, totals.candidates(any));
    assertEquals(2, totals.max());
    assertEquals(2, totals.cells(any, new java.security.SecureRandom()).length, "then bounded like the cells");
  }

  @Test
  void aMetricsSensitivityIsItsBound() {
    PresenceDomain d = new PresenceDomain(3, 2);
    assertEquals(7, ContributionBounder.presence(d, 7).sensitivity().l1());
    assertEquals(7, ContributionBounder.presence(d, 7).sensitivity().l2Squared());
  }
}
