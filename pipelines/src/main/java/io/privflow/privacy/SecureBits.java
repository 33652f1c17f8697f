package io.privflow.privacy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * Random bits from a {@link SecureRandom}, fetched in blocks: a DRBG call per draw costs about a
 * microsecond (it locks and reseeds its state), a block of 1 KiB costs little more. Every value
 * handed out is still produced by the secure generator, bit for bit; nothing is stretched or
 * reused. Not thread-safe: one per sampler.
 */
final class SecureBits {
  private static final int BLOCK = 1024;
  /** Eight bytes of the block as one long, big-endian (as a byte-by-byte loop would, but faster). */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private final SecureRandom random;
  private final byte[] block = new byte[BLOCK];
  private int pos = BLOCK;
  private long bits;
  private int bitsLeft;

  SecureBits(SecureRandom random) {
    this.random = random;
  }

  long nextLong() {
    if (pos + 8 > BLOCK) {
      random.nextBytes(block);
      pos = 0;
    }
    long v = (long) LONGS.get(block, pos);
    pos += 8;
    return v;
  }

  boolean nextBoolean() {
    if (bitsLeft == 0) {
      bits = nextLong();
      bitsLeft = 64;
    }
    boolean b = (bits & 1) != 0;
    bits >>>= 1;
    bitsLeft--;
    return b;
  }

  /** Uniform in [0, bound), exactly: rejection of the incomplete last block of 2^63 values. */
  long uniform(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive");
    }
    if ((bound & (bound - 1)) == 0) {
      return nextLong() & (bound - 1);
    }
    while (true) {
      long r = nextLong() >>> 1;
      long m = r % bound;
      if (r - m + (bound - 1) >= 0) { // r lies in a complete block of `bound` values
        return m;
      }
    }
  }
}
