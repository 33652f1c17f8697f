package io.privflow.locate;

import io.privflow.pseudonymize.Pseudonym;
import io.privflow.regions.LocatedEvent;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Locates every device in every window it was seen in: its modal region by event count, ties
 * broken by the latest event. Events are combined per (device, window) before the shuffle.
 */
public final class LocateDevices
    extends PTransform<PCollection<LocatedEvent>, PCollection<DeviceWindowLocation>> {
  private final WindowScheme windows;

  public LocateDevices(WindowScheme windows) {
    this.windows = windows;
  }

  @Override
  public PCollection<DeviceWindowLocation> expand(PCollection<LocatedEvent> events) {
    return events
        .apply("KeyByDeviceWindow", ParDo.of(new KeyFn(windows)))
        .setCoder(KvCoder.of(DeviceWindow.DeviceWindowCoder.of(), VarLongCoder.of()))
        .apply("ModalRegion", Combine.perKey(new ModalRegionFn()))
        .setCoder(KvCoder.of(DeviceWindow.DeviceWindowCoder.of(), VarIntCoder.of()))
        .apply("ToLocation", ParDo.of(new ToLocationFn()))
        .setCoder(DeviceWindowLocation.DeviceWindowLocationCoder.of());
  }

  private static final class KeyFn extends DoFn<LocatedEvent, KV<DeviceWindow, Long>> {
    private final WindowScheme windows;

    KeyFn(WindowScheme windows) {
      this.windows = windows;
    }

    @ProcessElement
    public void process(@Element LocatedEvent e, OutputReceiver<KV<DeviceWindow, Long>> out) {
      int w = windows.windowOf(e.eventTimeMillis());
      if (w < 0) {
        // The readers filter by time range already; reaching here would be a bug upstream.
        throw new IllegalStateException("event outside the time range reached LocateDevices");
      }
      long offset = e.eventTimeMillis() - windows.startMillis();
      out.output(KV.of(new DeviceWindow(e.pseudonym(), w), ModalRegionFn.observation(offset, e.region())));
    }
  }

  private static final class ToLocationFn extends DoFn<KV<DeviceWindow, Integer>, DeviceWindowLocation> {
    @ProcessElement
    public void process(@Element KV<DeviceWindow, Integer> kv, OutputReceiver<DeviceWindowLocation> out) {
      Pseudonym p = kv.getKey().pseudonym();
      out.output(new DeviceWindowLocation(p, kv.getKey().window(), kv.getValue()));
    }
  }
}
