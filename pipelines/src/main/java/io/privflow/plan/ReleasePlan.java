package io.privflow.plan;

import io.privflow.consistency.HierarchySpec;
import io.privflow.consistency.LevelMap;
import io.privflow.locate.NightScheme;
import io.privflow.locate.WindowScheme;
import io.privflow.privacy.OdDomain;
import io.privflow.privacy.PresenceDomain;
import io.privflow.privacy.ReleaseMode;
import io.privflow.policy.PlanFigures;
import io.privflow.regions.RegionLevels;
import io.privflow.regions.RegionSet;
import io.privflow.request.Mapping;
import io.privflow.request.ReleaseRequest;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a release run needs, resolved on the driver before any event is read: the request,
 * the loaded regions, the windows and, per metric, the public domain, bound and release rule.
 *
 * @param keyFile the pseudonymisation key, from the policy (null when it names none: plan only)
 * @param custodianDirectory this release's custodian-only folder, from the policy
 * @param workDirectory a run's private scratch space beside the release location (same file system,
 *     so publishing is one atomic rename); null until a run makes it
 * @param levels the two levels of a region hierarchy (regions is then the fine level); null without one
 * @param nights the nights each device's home is detected over; null when no home metric is asked for
 */
public record ReleasePlan(
    ReleaseRequest request,
    RegionSet regions,
    WindowScheme windows,
    List<MetricPlan> metrics,
    Path keyFile,
    Path custodianDirectory,
    Path workDirectory,
    RegionLevels levels,
    NightScheme nights) implements Serializable {
  /** Whom a release protects: the unit of its differential privacy guarantee. */
  public static final String PRIVACY_UNIT =
      "one device (one pseudonymised subscriber or device identifier) over the whole release period";

  public ReleasePlan {
    metrics = List.copyOf(metrics);
  }

  /** How network events are put in regions (the request's {@code regions.mapping}). */
  public Mapping mapping() {
    return request.regions() == null ? Mapping.TOWER_POINT : request.regions().mapping();
  }

  /** A plan without home metrics. */
  public ReleasePlan(ReleaseRequest request, RegionSet regions, WindowScheme windows, List<MetricPlan> metrics,
      Path keyFile, Path custodianDirectory, Path workDirectory, RegionLevels levels) {
    this(request, regions, windows, metrics, keyFile, custodianDirectory, workDirectory, levels, null);
  }

  /** This plan, run in {@code work} (a run's own, private work directory). */
  public ReleasePlan withWorkDirectory(Path work) {
    return new ReleasePlan(request, regions, windows, metrics, keyFile, custodianDirectory, work, levels, nights);
  }

  /** The cell metrics of one kind (its levels in a hierarchy, fine first), or none. */
  public List<MetricPlan> levelsOf(Metric metric) {
    return metrics.stream().filter(m -> m.metric() == metric).toList();
  }

  /** The region set of a metric's level: the coarse level's, or the request's. */
  public RegionSet regionsOf(MetricPlan m) {
    return levels != null && m.level() != null && m.level().equals(request.regions().hierarchy().coarse().name())
        ? levels.coarse() : regions;
  }

  /** Whether a metric is the coarse level of a hierarchy. */
  public boolean isCoarse(MetricPlan m) {
    return levels != null && m.level() != null && m.level().equals(request.regions().hierarchy().coarse().name());
  }

  /**
   * The consistency step of a cell metric released at both levels of the hierarchy: how its fine
   * cells add up into coarse ones, each level's noise variance and threshold, and whether window
   * totals top the tree. Public figures only.
   */
  public HierarchySpec hierarchySpec(Metric kind) {
    List<MetricPlan> l = levelsOf(kind);
    MetricPlan fine = l.get(0);
    MetricPlan coarse = l.get(1);
    LevelMap map = kind == Metric.OD
        ? LevelMap.od((OdDomain) fine.domain(), (OdDomain) coarse.domain(), levels.parentOf())
        : LevelMap.presence((PresenceDomain) fine.domain(), (PresenceDomain) coarse.domain(), levels.parentOf());
    MetricPlan totals = totalsOf(kind);
    return new HierarchySpec(map, variance(fine), variance(coarse), totals == null ? Double.NaN : variance(totals),
        fine.threshold().value(), coarse.threshold().value(), fine.mode() == ReleaseMode.PARTITION_SELECTION);
  }

  /** The window totals of a cell metric, or null when the request does not ask for them. */
  public MetricPlan totalsOf(Metric kind) {
    return metrics.stream().filter(m -> m.metric().totalOf() == kind).findFirst().orElse(null);
  }

  private static double variance(MetricPlan m) {
    double sd = m.noise().standardDeviation();
    return sd * sd;
  }

  public Path noisyCellsDirectory() {
    return workDirectory.resolve("noisy");
  }

  /** The run's reconciliation figures (records read, accepted, rejected, filtered), as data. */
  public Path talliesDirectory() {
    return workDirectory.resolve("tallies");
  }

  public Path stagingDirectory() {
    return workDirectory.resolve("release");
  }

  public Path rejectedDirectory() {
    return custodianDirectory.resolve("rejected");
  }

  /** The public figures the custodian's policy rules look at. */
  public PlanFigures figures() {
    // The rules on thresholds and empty cells are about cells; a window total has neither.
    return new PlanFigures(domainSize(), metrics.stream()
        .filter(m -> !m.metric().isTotal())
        .map(m -> new PlanFigures.MetricFigures(m.label(), m.mode(), m.threshold().value(),
            m.expectedEmptyPerWindow()))
        .toList());
  }

  /** Cells in all metrics' domains. */
  public long domainSize() {
    return metrics.stream().mapToLong(m -> m.domain().size()).sum();
  }
}
