package io.privflow.generate;

import java.util.Arrays;

/**
 * Danish-style mobile numbers (+45 and eight digits) and the ways operators and apps write them.
 *
 * <p>A device's number is written one way in the network file and another way in the GPS file
 * ("+45 21 23 45 67", "4521234567", "+4521234567"); all normalise to the digits "4521234567", so
 * joining the two sources only works when the pipeline normalises.
 */
final class Msisdn {
  private Msisdn() {}

  /** Two-digit number blocks used for mobiles in Denmark. */
  private static final int[] MOBILE_BLOCKS = {
    20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 40, 41, 42, 50, 51, 52, 53, 60, 61, 71, 81, 91, 92, 93
  };

  /** Spaced international form sorts before the plain form ('+' < '4'), so it gets sort group 0. */
  static final int SPACED = 0;
  static final int PLAIN = 1;

  /**
   * {@code n} distinct national numbers, each tagged with its network-file style, as sort keys
   * {@code style * 10^8 + number} in ascending order: the order of the subscriber ids in the file.
   */
  static long[] sortedKeys(int n, Draw draw) {
    long[] numbers = new long[0];
    while (numbers.length < n) {
      int missing = n - numbers.length;
      long[] more = Arrays.copyOf(numbers, numbers.length + missing);
      for (int i = numbers.length; i < more.length; i++) {
        more[i] = MOBILE_BLOCKS[draw.index(MOBILE_BLOCKS.length)] * 1_000_000L + draw.between(0, 999_999);
      }
      numbers = Arrays.stream(more).sorted().distinct().toArray();
    }
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      // Styles are drawn after the numbers are final, so they don't depend on duplicate retries.
      keys[i] = (draw.chance(0.4) ? SPACED : PLAIN) * 100_000_000L + numbers[i];
    }
    Arrays.sort(keys);
    return keys;
  }

  static long number(long key) {
    return key % 100_000_000L;
  }

  static int style(long key) {
    return (int) (key / 100_000_000L);
  }

  /** As the operator exports it. */
  static String networkId(long key) {
    return style(key) == SPACED ? spaced(number(key)) : "45" + digits(number(key));
  }

  /** As the GPS app reports it: always a different spelling than the network file's. */
  static String gpsId(long key) {
    return style(key) == SPACED ? "+45" + digits(number(key)) : spaced(number(key));
  }

  /** As the consent registry writes it: international form without spaces, whatever the network file uses. */
  static String registryId(long key) {
    return "+45" + digits(number(key));
  }

  private static String digits(long number) {
    return String.format(java.util.Locale.ROOT, "%08d", number);
  }

  private static String spaced(long number) {
    String d = digits(number);
    return "+45 " + d.substring(0, 2) + " " + d.substring(2, 4) + " " + d.substring(4, 6) + " " + d.substring(6, 8);
  }
}
