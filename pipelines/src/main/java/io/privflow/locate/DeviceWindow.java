package io.privflow.locate;

import io.privflow.pseudonymize.Pseudonym;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Shuffle key of the locate step: one device in one window. 20 bytes, deterministic. */
public record DeviceWindow(Pseudonym pseudonym, int window) {

  public static final class DeviceWindowCoder extends AtomicCoder<DeviceWindow> {
    private static final DeviceWindowCoder INSTANCE = new DeviceWindowCoder();

    public static DeviceWindowCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(DeviceWindow k, OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeLong(k.pseudonym.hi());
      d.writeLong(k.pseudonym.lo());
      d.writeInt(k.window);
    }

    @Override
    public DeviceWindow decode(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      return new DeviceWindow(new Pseudonym(d.readLong(), d.readLong()), d.readInt());
    }

    @Override
    public void verifyDeterministic() {}

    @Override
    public boolean consistentWithEquals() {
      return true;
    }
  }
}
