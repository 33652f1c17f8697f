package io.privflow.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HexFormat;
import org.apache.beam.sdk.coders.Coder;

/**
 * A device's pseudonym: the first 128 bits of HMAC-SHA256(key, normalised identifier).
 *
 * <p>128 bits keep the shuffle key to two longs; the chance that two of a billion devices collide
 * is about 1.5e-21. The raw identifier cannot be recovered without the key.
 */
public record Pseudonym(long hi, long lo) implements Comparable<Pseudonym> {
  /** Fixed 16 bytes: a pseudonym is a valid shuffle key. */
  public static final Coder<Pseudonym> CODER = Coders.key(Pseudonym.class, Pseudonym::write, Pseudonym::read);

  /** Lower-case hex, 32 characters: the only form in which a pseudonym is ever written out. */
  public String toHex() {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (hi >>> (56 - 8 * i));
      b[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    return HexFormat.of().formatHex(b);
  }

  public static Pseudonym fromHex(String hex) {
    byte[] b = HexFormat.of().parseHex(hex);
    if (b.length != 16) {
      throw new IllegalArgumentException("a pseudonym has 32 hex digits");
    }
    return fromBytes(b);
  }

  /** The pseudonym of the first 16 bytes of an HMAC. */
  public static Pseudonym fromBytes(byte[] b) {
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (b[i] & 0xffL);
      lo = (lo << 8) | (b[8 + i] & 0xffL);
    }
    return new Pseudonym(hi, lo);
  }

  /** The field encoding every record holding a pseudonym shares. */
  public static void write(Pseudonym p, DataOutput out) throws IOException {
    out.writeLong(p.hi);
    out.writeLong(p.lo);
  }

  public static Pseudonym read(DataInput in) throws IOException {
    return new Pseudonym(in.readLong(), in.readLong());
  }

  @Override
  public int compareTo(Pseudonym o) {
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
