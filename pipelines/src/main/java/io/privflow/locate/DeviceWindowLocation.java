package io.privflow.locate;

import io.privflow.pseudonymize.Pseudonym;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** Where one device was in one window (its modal region). Per-device data: never a sink. */
public record DeviceWindowLocation(Pseudonym pseudonym, int window, int region) {

  public static final class DeviceWindowLocationCoder extends AtomicCoder<DeviceWindowLocation> {
    private static final DeviceWindowLocationCoder INSTANCE = new DeviceWindowLocationCoder();

    public static DeviceWindowLocationCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(DeviceWindowLocation v, OutputStream out) throws IOException {
      DataOutputStream d = new DataOutputStream(out);
      d.writeLong(v.pseudonym.hi());
      d.writeLong(v.pseudonym.lo());
      d.writeInt(v.window);
      d.writeInt(v.region);
    }

    @Override
    public DeviceWindowLocation decode(InputStream in) throws IOException {
      DataInputStream d = new DataInputStream(in);
      return new DeviceWindowLocation(new Pseudonym(d.readLong(), d.readLong()), d.readInt(), d.readInt());
    }

    @Override
    public void verifyDeterministic() {}
  }
}
