package io.privflow.privacy;

import java.util.Arrays;

/**
 * Releases the zero cells of a chunk under a threshold k at once, with exactly the law of adding
 * independent noise to each and publishing the cells whose noisy value reaches k. Stateful (owns
 * its generator): created in {@code @Setup}, one per DoFn instance, like a {@link NoiseSampler}.
 */
public interface ZeroCellSampler {
  /**
   * The published cells among {@code n0} zero cells: their indices in [0, n0), ascending and
   * distinct, and their noisy values (each at least k).
   */
  Released release(int n0);

  /** Indices and values, index i published with value {@code values[i]}. */
  record Released(int[] indices, long[] values) {}

  /**
   * The rule itself, cell by cell: a draw for every zero cell. For mechanisms without a sampler of
   * their own (test noise); exact, and as slow as before.
   */
  static ZeroCellSampler perCell(NoiseSampler noise, long minCount) {
    return n0 -> {
      int[] indices = new int[16];
      long[] values = new long[16];
      int size = 0;
      for (int i = 0; i < n0; i++) {
        long v = noise.sample(); // CountReleaser.release(0, noise) of a thresholded releaser
        if (v >= minCount) {
          if (size == indices.length) {
            indices = Arrays.copyOf(indices, size * 2);
            values = Arrays.copyOf(values, size * 2);
          }
          indices[size] = i;
          values[size++] = v;
        }
      }
      return new Released(Arrays.copyOf(indices, size), Arrays.copyOf(values, size));
    };
  }
}
