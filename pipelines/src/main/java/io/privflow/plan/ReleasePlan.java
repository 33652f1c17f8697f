package io.privflow.plan;

import io.privflow.locate.WindowScheme;
import io.privflow.policy.PlanFigures;
import io.privflow.regions.RegionSet;
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
 */
public record ReleasePlan(
    ReleaseRequest request,
    RegionSet regions,
    WindowScheme windows,
    List<MetricPlan> metrics,
    Path keyFile,
    Path custodianDirectory,
    Path workDirectory) implements Serializable {
  /** Whom a release protects: the unit of its differential privacy guarantee. */
  public static final String PRIVACY_UNIT =
      "one device (one pseudonymised subscriber or device identifier) over the whole release period";

  public ReleasePlan {
    metrics = List.copyOf(metrics);
  }

  /** This plan, run in {@code work} (a run's own, private work directory). */
  public ReleasePlan withWorkDirectory(Path work) {
    return new ReleasePlan(request, regions, windows, metrics, keyFile, custodianDirectory, work);
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
        .map(m -> new PlanFigures.MetricFigures(m.metric().label(), m.mode(), m.threshold().value(),
            m.expectedEmptyPerWindow()))
        .toList());
  }

  /** Cells in all metrics' domains. */
  public long domainSize() {
    return metrics.stream().mapToLong(m -> m.domain().size()).sum();
  }
}
