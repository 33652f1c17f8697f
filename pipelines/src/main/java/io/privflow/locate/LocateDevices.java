package io.privflow.locate;

import io.privflow.model.DeviceTrajectory;
import io.privflow.model.LocatedEvent;
import io.privflow.model.Pseudonym;
import io.privflow.rejects.Tallies;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Locates every device in every window it was seen in — its modal region by event count, ties
 * broken by the latest event — and gathers the result into one time-ordered
 * {@link DeviceTrajectory} per device. One combine keyed by device: events are tallied per
 * (device, window, region) before the shuffle, and the per-device grouping comes with it. Events
 * of one device at the same instant in the same region count once (exact duplicates).
 *
 * <p>It detects no home: its trajectories carry {@link DeviceTrajectory#UNKNOWN_HOME}. The release
 * (the only path with home metrics) locates through {@link ReadAndLocate#withHomes}; the consent
 * export, which uses this stage, has no home metric.
 */
public final class LocateDevices extends PTransform<PCollection<LocatedEvent>, PCollection<DeviceTrajectory>> {
  private final WindowScheme windows;

  public LocateDevices(WindowScheme windows) {
    this.windows = windows;
  }

  @Override
  public PCollection<DeviceTrajectory> expand(PCollection<LocatedEvent> events) {
    return events
        .apply("TallyPerBundle", ParDo.of(new TallyFn(windows)))
        .setCoder(KvCoder.of(Pseudonym.CODER, TrajectoryFn.TALLY_CODER))
        .apply("ModalRegionPerWindow", Combine.perKey(new TrajectoryFn(windows)))
        .setCoder(KvCoder.of(Pseudonym.CODER, TrajectoryFn.Windows.CODER))
        .apply("ToTrajectory", ParDo.of(new ToTrajectoryFn()))
        .setCoder(DeviceTrajectory.CODER);
  }

  /**
   * Tallies events per device in a hash map for the whole bundle and emits the partial tallies at
   * its end (or when the map holds {@link #MAX_DEVICES} devices, to bound memory): the shuffle then
   * carries one tally per device and bundle instead of one record per event.
   */
  private static final class TallyFn extends DoFn<LocatedEvent, KV<Pseudonym, TrajectoryFn.Tally>> {
    static final int MAX_DEVICES = 200_000;
    private final WindowScheme windows;
    private transient TrajectoryFn fn;
    private transient Map<Pseudonym, TrajectoryFn.Tally> tallies;

    TallyFn(WindowScheme windows) {
      this.windows = windows;
    }

    @Setup
    public void setup() {
      fn = new TrajectoryFn(windows);
      tallies = new HashMap<>();
    }

    @StartBundle
    public void startBundle() {
      tallies.clear();
    }

    @ProcessElement
    public void process(@Element LocatedEvent e, OutputReceiver<KV<Pseudonym, TrajectoryFn.Tally>> out) {
      TrajectoryFn.Tally t = tallies.get(e.pseudonym());
      if (t == null) {
        if (tallies.size() >= MAX_DEVICES) {
          tallies.forEach((p, tally) -> out.output(KV.of(p, tally)));
          tallies.clear();
        }
        t = fn.createAccumulator();
        tallies.put(e.pseudonym(), t);
      }
      fn.addObservation(t, TrajectoryFn.observation(e.eventTimeMillis() - windows.startMillis(), e.region()));
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      tallies.forEach((p, tally) -> c.output(KV.of(p, tally), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
      tallies.clear();
    }
  }

  private static final class ToTrajectoryFn extends DoFn<KV<Pseudonym, TrajectoryFn.Windows>, DeviceTrajectory> {
    // Custodian-only figure: accepted events that repeated an earlier one of the same device.
    private final Counter duplicates = Metrics.counter(Tallies.NAMESPACE, "duplicate_events_counted_once");

    @ProcessElement
    public void process(@Element KV<Pseudonym, TrajectoryFn.Windows> kv, OutputReceiver<DeviceTrajectory> out) {
      if (kv.getValue().duplicates() > 0) {
        duplicates.inc(kv.getValue().duplicates());
      }
      out.output(TrajectoryFn.toTrajectory(kv.getKey(), kv.getValue()));
    }
  }
}
