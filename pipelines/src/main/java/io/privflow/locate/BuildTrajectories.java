package io.privflow.locate;

import io.privflow.pseudonymize.Pseudonym;
import java.util.Arrays;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/** Gathers each device's window locations into one time-ordered {@link DeviceTrajectory}. */
public final class BuildTrajectories
    extends PTransform<PCollection<DeviceWindowLocation>, PCollection<DeviceTrajectory>> {

  @Override
  public PCollection<DeviceTrajectory> expand(PCollection<DeviceWindowLocation> locations) {
    return locations
        .apply("KeyByDevice", ParDo.of(new KeyFn()))
        .setCoder(KvCoder.of(Pseudonym.PseudonymCoder.of(), VarLongCoder.of()))
        .apply("GroupByDevice", GroupByKey.create())
        .apply("SortWindows", ParDo.of(new SortFn()))
        .setCoder(DeviceTrajectory.DeviceTrajectoryCoder.of());
  }

  /** Packs (window, region) into one long so that sorting the longs sorts by window. */
  private static final class KeyFn extends DoFn<DeviceWindowLocation, KV<Pseudonym, Long>> {
    @ProcessElement
    public void process(@Element DeviceWindowLocation l, OutputReceiver<KV<Pseudonym, Long>> out) {
      out.output(KV.of(l.pseudonym(), ((long) l.window() << 32) | (l.region() & 0xffffffffL)));
    }
  }

  private static final class SortFn extends DoFn<KV<Pseudonym, Iterable<Long>>, DeviceTrajectory> {
    @ProcessElement
    public void process(@Element KV<Pseudonym, Iterable<Long>> device, OutputReceiver<DeviceTrajectory> out) {
      long[] packed = new long[16];
      int n = 0;
      for (long v : device.getValue()) {
        if (n == packed.length) {
          packed = Arrays.copyOf(packed, n * 2);
        }
        packed[n++] = v;
      }
      Arrays.sort(packed, 0, n);
      int[] windows = new int[n];
      int[] regions = new int[n];
      for (int i = 0; i < n; i++) {
        windows[i] = (int) (packed[i] >>> 32);
        regions[i] = (int) packed[i];
      }
      out.output(new DeviceTrajectory(device.getKey(), windows, regions));
    }
  }
}
