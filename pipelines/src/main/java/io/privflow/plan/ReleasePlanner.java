package io.privflow.plan;

import io.privflow.bounding.ContributionBounder;
import io.privflow.locate.NightScheme;
import io.privflow.locate.WindowScheme;
import io.privflow.policy.Policy;
import io.privflow.privacy.CellDomain;
import io.privflow.privacy.CountReleaser;
import io.privflow.privacy.Decimals;
import io.privflow.privacy.DiscreteGaussianMechanism;
import io.privflow.privacy.NoiseMechanism;
import io.privflow.privacy.ReleaseMode;
import io.privflow.privacy.SelectionThreshold;
import io.privflow.privacy.TotalsDomain;
import io.privflow.privacy.Guarantee;
import io.privflow.privacy.HomeOdDomain;
import io.privflow.privacy.HomePresenceDomain;
import io.privflow.privacy.OdDomain;
import io.privflow.privacy.PresenceDomain;
import io.privflow.privacy.Rational;
import io.privflow.regions.GeoJsonRegions;
import io.privflow.regions.GridRegions;
import io.privflow.regions.RegionLevels;
import io.privflow.regions.RegionSet;
import io.privflow.request.RegionHierarchy;
import io.privflow.request.Regions;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.TimeRange;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Resolves a request into its {@link ReleasePlan} on the driver, before any event is read: the
 * public regions and windows, and per metric its domain, bound, part of the guarantee and noise.
 * The composition the release's guarantee rests on is checked here, once: the metrics' parts
 * must add up to the release's guarantee exactly.
 */
public final class ReleasePlanner {
  private final Consumer<String> warnings;
  private final NoiseCalibration calibration;

  /** @param warnings where region-file warnings go (the console) */
  public ReleasePlanner(Consumer<String> warnings, NoiseCalibration calibration) {
    this.warnings = warnings;
    this.calibration = calibration;
  }

  /** The plan of a request under the custodian's policy (its key and custodian-only folder). */
  public ReleasePlan plan(ReleaseRequest request, Policy policy) {
    Regions rs = request.regions();
    // A grid's cells are enumerated here, on the driver, once: the domain is public and fixed before any data.
    RegionSet regions = rs.grid() != null ? GridRegions.build(rs.grid(), rs.set(), warnings)
        : GeoJsonRegions.load(rs.file(), rs.idProperty(), rs.nameProperty(), warnings);
    // A hierarchy is checked here, on the driver, before the ledger or any input is touched.
    RegionLevels levels = rs.hierarchy() == null ? null : RegionLevels.load(regions, rs.file(), rs.hierarchy(),
        warnings);
    TimeRange t = request.time();
    WindowScheme windows;
    try {
      windows = WindowScheme.of(t.start(), t.end(), t.zone(), t.window());
    } catch (IllegalArgumentException e) {
      throw new PlanException("time: " + e.getMessage());
    }
    List<MetricPlan> metrics = new ArrayList<>();
    ReleaseRequest.Od od = request.metrics().od();
    if (od != null) {
      if (windows.count() < 2) {
        throw new PlanException("metrics.od: an origin-destination release needs at least two windows;"
            + " the time range holds " + windows.count());
      }
      for (Level l : levels(regions, levels, rs.hierarchy())) {
        OdDomain domain = new OdDomain(windows.count() - 1, l.regions().size());
        metrics.add(metric(Metric.OD, domain, ContributionBounder.transitions(domain, od.maxTransitionsPerDevice()),
            request.privacy(), od.share().times(l.share()), l.name()));
      }
    }
    ReleaseRequest.Presence presence = request.metrics().presence();
    if (presence != null) {
      for (Level l : levels(regions, levels, rs.hierarchy())) {
        PresenceDomain domain = new PresenceDomain(windows.count(), l.regions().size());
        metrics.add(metric(Metric.PRESENCE, domain, ContributionBounder.presence(domain,
            presence.maxWindowsPerDevice()), request.privacy(), presence.share().times(l.share()), l.name()));
      }
    }
    NightScheme nights = homeMetrics(request, policy, regions, levels, windows, metrics);
    ReleaseRequest.Total total = request.metrics().total();
    if (total != null) {
      Metric of = total.of() == ReleaseRequest.TotalOf.OD ? Metric.OD : Metric.PRESENCE;
      // In a hierarchy the totals are the top of the tree: the same at every level, released once.
      MetricPlan cells = metrics.stream().filter(m -> m.metric() == of).findFirst().orElseThrow();
      metrics.add(totals(cells, request.privacy(), total));
    }
    checkComposition(request.privacy().guarantee(), metrics);
    return new ReleasePlan(request, regions, windows, metrics, policy.keyFile(),
        policy.custodianFilesOf(request.dataset(), request.requestId()), null, levels, nights);
  }

  /**
   * The home metrics (one level of regions; the parser refuses them with a hierarchy) and the
   * nights their homes are detected over, in the dataset's zone (the request's when the policy
   * does not know the dataset: a plan only, which the policy check then refuses); null without them.
   */
  private NightScheme homeMetrics(ReleaseRequest request, Policy policy, RegionSet regions, RegionLevels levels,
      WindowScheme windows, List<MetricPlan> metrics) {
    ReleaseRequest.Metrics m = request.metrics();
    if (!m.needHome()) {
      return null;
    }
    if (levels != null) {
      throw new PlanException("metrics: home_presence and home_od are not released over a region hierarchy");
    }
    for (int i = 0; i < regions.size(); i++) {
      if (regions.get(i).id().equals("unknown")) {
        // The home_region column spells the unknown home so: a region of that id would be ambiguous.
        throw new PlanException("regions: a region's id is \"unknown\", which home_region uses for devices"
            + " without a home; rename the region to release home_presence or home_od");
      }
    }
    if (m.homePresence() != null) {
      HomePresenceDomain domain = HomePresenceDomain.of(windows.count(), regions.size());
      metrics.add(metric(Metric.HOME_PRESENCE, domain, ContributionBounder.homePresence(domain,
          m.homePresence().maxWindowsPerDevice()), request.privacy(), m.homePresence().share(), null));
    }
    if (m.homeOd() != null) {
      if (windows.count() < 2) {
        throw new PlanException("metrics.home_od: an origin-destination release needs at least two windows;"
            + " the time range holds " + windows.count());
      }
      HomeOdDomain domain = HomeOdDomain.of(windows.count() - 1, regions.size());
      metrics.add(metric(Metric.HOME_OD, domain, ContributionBounder.homeTransitions(domain,
          m.homeOd().maxTransitionsPerDevice()), request.privacy(), m.homeOd().share(), null));
    }
    Policy.DatasetBudget d = policy.datasets().get(request.dataset());
    java.time.ZoneId zone = d == null ? request.time().zone() : d.zone();
    ReleaseRequest.Home h = m.home();
    try {
      return NightScheme.of(zone, h.nightStart(), h.nightEnd(), h.minNights(), windows.startMillis(),
          windows.endMillis());
    } catch (IllegalArgumentException e) {
      throw new PlanException("home: " + e.getMessage());
    }
  }

  /** One level of regions with its name and share of each cell metric's budget (1 without a hierarchy). */
  private record Level(RegionSet regions, String name, Rational share) {}

  /**
   * The levels each cell metric is released at: the request's regions alone, or the fine and the
   * coarse level of a hierarchy, each a release of the same bounded contributions with its own
   * share of the metric's budget.
   */
  private static List<Level> levels(RegionSet regions, RegionLevels levels, RegionHierarchy h) {
    if (levels == null) {
      return List.of(new Level(regions, null, Rational.ONE));
    }
    return List.of(new Level(levels.fine(), h.fine().name(), h.fine().share()),
        new Level(levels.coarse(), h.coarse().name(), h.coarse().share()));
  }

  private MetricPlan metric(Metric metric, CellDomain domain, ContributionBounder bounder,
      ReleaseRequest.Privacy privacy, Rational share, String level) {
    Guarantee part = privacy.guarantee().share(share);
    // The threshold follows from the production noise, whatever a test injects.
    NoiseMechanism exact = part.calibrate(bounder.sensitivity());
    Threshold threshold;
    if (privacy.mode() == ReleaseMode.PARTITION_SELECTION) {
      Rational sigmaSquared = ((DiscreteGaussianMechanism) exact).sigmaSquared();
      long tau = SelectionThreshold.tau(sigmaSquared, bounder.max(), part.deltaCost());
      threshold = Threshold.selection(tau, privacy.minCount(), bounder.max(), Decimals.plain(part.deltaCost()));
    } else {
      threshold = Threshold.fullDomain(privacy, domain.cellsPerSlot(), exact.figures());
    }
    return new MetricPlan(metric, domain, bounder, part, privacy.mode(), threshold,
        new CountReleaser(calibration.calibrate(part, bounder.sensitivity()), threshold.value()), level);
  }

  /**
   * A cell metric's window totals: one count per window over the same windows, each device in at
   * most the request's number of windows (by default the cells' bound), every window noised and
   * published.
   */
  private MetricPlan totals(MetricPlan cells, ReleaseRequest.Privacy privacy, ReleaseRequest.Total total) {
    Guarantee part = privacy.guarantee().share(total.share());
    TotalsDomain domain = new TotalsDomain(cells.domain().slots());
    int max = total.maxWindowsPerDevice() != null ? total.maxWindowsPerDevice() : cells.bounder().max();
    ContributionBounder bounder = ContributionBounder.windows(cells.bounder(), cells.domain(), max);
    return new MetricPlan(cells.metric().totals(), domain, bounder, part, ReleaseMode.FULL_DOMAIN, Threshold.none(),
        CountReleaser.everyValue(calibration.calibrate(part, bounder.sensitivity())));
  }

  /**
   * The metrics of a release are released together, so the release's guarantee holds only if their
   * parts compose to it (epsilons, or rhos, add up). The request parser checks that the shares sum
   * to 1; this checks the guarantee itself, so a change anywhere between cannot break it silently.
   */
  static void checkComposition(Guarantee release, List<MetricPlan> metrics) {
    Guarantee composed = Guarantee.compose(metrics.stream().map(MetricPlan::guarantee).toList());
    if (!composed.equals(release)) {
      throw new IllegalStateException("the metrics' guarantees compose to " + composed.describe()
          + ", not to the release's " + release.describe());
    }
  }
}
