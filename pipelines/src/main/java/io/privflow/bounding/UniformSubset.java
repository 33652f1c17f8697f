package io.privflow.bounding;

import java.security.SecureRandom;
import java.util.Arrays;

/** A uniformly random subset of fixed size, by partial Fisher-Yates with a secure generator. */
final class UniformSubset {
  private UniformSubset() {}

  /** {@code items} itself when it has at most {@code k} elements, else k of them uniformly. */
  static long[] choose(long[] items, int k, SecureRandom random) {
    if (items.length <= k) {
      return items;
    }
    long[] a = items.clone();
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(a.length - i);
      long tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return Arrays.copyOf(a, k);
  }
}
