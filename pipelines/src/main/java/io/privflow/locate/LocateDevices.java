package io.privflow.locate;

import io.privflow.ingest.IngestCounters;
import io.privflow.pseudonymize.Pseudonym;
import io.privflow.regions.LocatedEvent;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Locates every device in every window it was seen in — its modal region by event count, ties
 * broken by the latest event — and gathers the result into one time-ordered
 * {@link DeviceTrajectory} per device. One combine keyed by device: events are tallied per
 * (device, window, region) before the shuffle, and the per-device grouping comes with it. Events
 * of one device at the same instant in the same region count once (exact duplicates).
 */
public final class LocateDevices extends PTransform<PCollection<LocatedEvent>, PCollection<DeviceTrajectory>> {
  private final WindowScheme windows;

  public LocateDevices(WindowScheme windows) {
    this.windows = windows;
  }

  @Override
  public PCollection<DeviceTrajectory> expand(PCollection<LocatedEvent> events) {
    return events
        .apply("KeyByDevice", ParDo.of(new KeyFn(windows)))
        .setCoder(KvCoder.of(Pseudonym.PseudonymCoder.of(), VarLongCoder.of()))
        .apply("ModalRegionPerWindow", Combine.perKey(new TrajectoryFn(windows)))
        .setCoder(KvCoder.of(Pseudonym.PseudonymCoder.of(), new TrajectoryFn.WindowsRegionsCoder()))
        .apply("ToTrajectory", ParDo.of(new ToTrajectoryFn()))
        .setCoder(DeviceTrajectory.DeviceTrajectoryCoder.of());
  }

  private static final class KeyFn extends DoFn<LocatedEvent, KV<Pseudonym, Long>> {
    private final WindowScheme windows;

    KeyFn(WindowScheme windows) {
      this.windows = windows;
    }

    @ProcessElement
    public void process(@Element LocatedEvent e, OutputReceiver<KV<Pseudonym, Long>> out) {
      if (windows.windowOf(e.eventTimeMillis()) < 0) {
        // The readers filter by time range already; reaching here would be a bug upstream.
        throw new IllegalStateException("event outside the time range reached LocateDevices");
      }
      long offset = e.eventTimeMillis() - windows.startMillis();
      out.output(KV.of(e.pseudonym(), TrajectoryFn.observation(offset, e.region())));
    }
  }

  private static final class ToTrajectoryFn extends DoFn<KV<Pseudonym, int[][]>, DeviceTrajectory> {
    // Custodian-only figure: accepted events that repeated an earlier one of the same device.
    private final Counter duplicates = Metrics.counter(IngestCounters.NAMESPACE, "duplicate_events_counted_once");

    @ProcessElement
    public void process(@Element KV<Pseudonym, int[][]> kv, OutputReceiver<DeviceTrajectory> out) {
      if (kv.getValue()[2][0] > 0) {
        duplicates.inc(kv.getValue()[2][0]);
      }
      out.output(TrajectoryFn.toTrajectory(kv.getKey(), kv.getValue()));
    }
  }
}
