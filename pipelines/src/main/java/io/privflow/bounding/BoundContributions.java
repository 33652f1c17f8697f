package io.privflow.bounding;

import io.privflow.locate.DeviceTrajectory;
import io.privflow.locate.Movements;
import io.privflow.privacy.OdDomain;
import io.privflow.privacy.SecureRandoms;
import java.security.SecureRandom;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Caps each device's contribution to the OD matrix at {@code maxTransitions} transitions over the
 * whole release, keeping a uniformly random subset (drawn with a {@link SecureRandom}) when it has
 * more. The cap is the L1 sensitivity the noise is calibrated to; since a device has at most one
 * transition per slot, each kept transition adds 1 to a distinct cell.
 */
public final class BoundContributions
    extends PTransform<PCollection<DeviceTrajectory>, PCollection<BoundedContribution>> {
  private final OdDomain domain;
  private final int maxTransitions;

  public BoundContributions(OdDomain domain, int maxTransitions) {
    if (maxTransitions < 1) {
      throw new IllegalArgumentException("max_transitions_per_device must be at least 1");
    }
    this.domain = domain;
    this.maxTransitions = maxTransitions;
  }

  @Override
  public PCollection<BoundedContribution> expand(PCollection<DeviceTrajectory> trajectories) {
    return trajectories
        .apply("SampleTransitions", ParDo.of(new SampleFn(domain, maxTransitions)))
        .setCoder(BoundedContributionCoder.of());
  }

  /** Emits the cells of at most {@code max} transitions per device. */
  private static final class SampleFn extends DoFn<DeviceTrajectory, BoundedContribution> {
    private final OdDomain domain;
    private final int max;
    // Custodian-only diagnostics about raw data: never written into a release.
    private final Counter capped = Metrics.counter("privflow", "bounding.devices_capped");
    private transient SecureRandom random;

    SampleFn(OdDomain domain, int max) {
      this.domain = domain;
      this.max = max;
    }

    @Setup
    public void setup() {
      random = SecureRandoms.create();
    }

    @ProcessElement
    public void process(@Element DeviceTrajectory t, OutputReceiver<BoundedContribution> out) {
      Movements m = Movements.of(t);
      int n = m.size();
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      int keep = n;
      if (n > max) {
        capped.inc();
        keep = max;
        // Partial Fisher-Yates: the first `max` positions become a uniform random subset.
        for (int i = 0; i < max; i++) {
          int j = i + random.nextInt(n - i);
          int tmp = order[i];
          order[i] = order[j];
          order[j] = tmp;
        }
      }
      for (int i = 0; i < keep; i++) {
        int k = order[i];
        out.output(new BoundedContribution(domain.cell(m.windows()[k], m.origins()[k], m.destinations()[k])));
      }
    }
  }
}
