package io.privflow.bounding;

import io.privflow.engine.RunCounters;
import io.privflow.model.BoundedContribution;
import io.privflow.model.DeviceTrajectory;
import io.privflow.privacy.OdDomain;
import io.privflow.privacy.PresenceDomain;
import io.privflow.privacy.SecureRandoms;
import io.privflow.rejects.Tallies;
import java.security.SecureRandom;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Caps each device's contribution over the whole release, keeping a uniformly random subset
 * (drawn with a {@link SecureRandom}) when it has more. The cap is the sensitivity the noise is
 * calibrated to: each kept contribution adds 1 to a distinct cell.
 *
 * <ul>
 *   <li>{@link #transitions}: OD, at most L transitions per device (one per adjacent-window pair);
 *   <li>{@link #presence}: at most W located windows per device (one region each).
 * </ul>
 */
public final class BoundContributions
    extends PTransform<PCollection<DeviceTrajectory>, PCollection<BoundedContribution>> {
  private final ContributionBounder bounder;
  private final String metric;

  private BoundContributions(ContributionBounder bounder, String metric) {
    if (bounder.max() < 1) {
      throw new IllegalArgumentException("the contribution bound must be at least 1");
    }
    this.bounder = bounder;
    this.metric = metric;
  }

  /** Bounds with a given bounder; {@code metric} names the counter. */
  public static BoundContributions with(ContributionBounder bounder, String metric) {
    return new BoundContributions(bounder, metric);
  }

  public static BoundContributions transitions(OdDomain domain, int maxTransitions) {
    return new BoundContributions(ContributionBounder.transitions(domain, maxTransitions), "od");
  }

  public static BoundContributions presence(PresenceDomain domain, int maxWindows) {
    return new BoundContributions(ContributionBounder.presence(domain, maxWindows), "presence");
  }

  @Override
  public PCollection<BoundedContribution> expand(PCollection<DeviceTrajectory> trajectories) {
    return trajectories
        .apply("KeepAtMost" + bounder.max(), ParDo.of(new BoundFn(bounder, metric)))
        .setCoder(BoundedContribution.CODER);
  }

  private static final class BoundFn extends DoFn<DeviceTrajectory, BoundedContribution> {
    private final ContributionBounder bounder;
    // Custodian-only diagnostics about raw data (the run summary): never written into a release.
    private final Counter devices;
    private final Counter capped;
    private transient SecureRandom random;

    BoundFn(ContributionBounder bounder, String metric) {
      this.bounder = bounder;
      this.devices = Metrics.counter(Tallies.NAMESPACE, "bounding." + metric + ".devices");
      this.capped = Metrics.counter(Tallies.NAMESPACE, RunCounters.cappedDevicesCounter(metric));
    }

    @Setup
    public void setup() {
      random = SecureRandoms.create();
    }

    @ProcessElement
    public void process(@Element DeviceTrajectory t, OutputReceiver<BoundedContribution> out) {
      devices.inc();
      long[] all = bounder.candidates(t);
      if (all.length > bounder.max()) {
        capped.inc(); // this device lost contributions to the bound
      }
      for (long cell : UniformSubset.choose(all, bounder.max(), random)) {
        out.output(new BoundedContribution(cell));
      }
    }
  }
}
