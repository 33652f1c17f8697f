package io.privflow.generate;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Independent random streams derived from the user's seed. Each part of the data (the map, the
 * cells, one device) draws from its own stream, so a device's events do not shift when another
 * part of the generator changes how many numbers it draws, and devices can be generated one at a
 * time in any order.
 *
 * <p>The (seed, purpose, key) triple is scrambled with the SplitMix64 finaliser before it seeds a
 * WELL generator: WELL seeded with nearly identical int arrays (device 1, device 2, ...) would start
 * with correlated output.
 */
final class Seeds {
  private Seeds() {}

  /** What a stream is for; the ordinal is part of the seed, so never reorder these. */
  enum Purpose {
    COUNTRY,
    CELLS,
    NUMBERS,
    GPS_MEMBERS,
    FAULT_PLAN,
    DEVICE,
    DEVICE_FAULTS,
    ORPHAN_ROWS,
    CONSENT
  }

  static RandomGenerator stream(long seed, Purpose purpose) {
    return stream(seed, purpose, 0L);
  }

  static RandomGenerator stream(long seed, Purpose purpose, long key) {
    long s = mix(mix(seed) ^ mix(0x9E3779B97F4A7C15L * (purpose.ordinal() + 1)) ^ mix(key + 0x632BE59BD9B4E019L));
    int[] words = new int[8];
    for (int i = 0; i < words.length; i += 2) {
      s = mix(s + 0x9E3779B97F4A7C15L);
      words[i] = (int) (s >>> 32);
      words[i + 1] = (int) s;
    }
    return new Well19937c(words);
  }

  /** SplitMix64's output function: a bijective 64-bit mixer. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
