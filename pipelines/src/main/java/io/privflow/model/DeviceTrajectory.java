package io.privflow.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * One device's located windows in time order: {@code windows[i]} ascending, {@code regions[i]} its
 * modal region there. Per-device data: never a sink.
 */
public record DeviceTrajectory(Pseudonym pseudonym, int[] windows, int[] regions) {

  public int length() {
    return windows.length;
  }

  public static final class DeviceTrajectoryCoder extends AtomicCoder<DeviceTrajectory> {
    private static final DeviceTrajectoryCoder INSTANCE = new DeviceTrajectoryCoder();

    public static DeviceTrajectoryCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(DeviceTrajectory t, OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeLong(t.pseudonym.hi());
      d.writeLong(t.pseudonym.lo());
      d.writeInt(t.windows.length);
      for (int i = 0; i < t.windows.length; i++) {
        d.writeInt(t.windows[i]);
        d.writeInt(t.regions[i]);
      }
    }

    @Override
    public DeviceTrajectory decode(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      Pseudonym p = new Pseudonym(d.readLong(), d.readLong());
      int n = d.readInt();
      int[] w = new int[n];
      int[] r = new int[n];
      for (int i = 0; i < n; i++) {
        w[i] = d.readInt();
        r[i] = d.readInt();
      }
      return new DeviceTrajectory(p, w, r);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
