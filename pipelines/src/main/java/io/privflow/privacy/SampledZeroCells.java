package io.privflow.privacy;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The zero cells of a chunk released by sampling rather than cell by cell, with the same law:
 * each of n0 zero cells is published independently with probability p = P(noise >= k), so the
 * number published is Binomial(n0, p); given that number N, the published set is uniform among
 * the N-subsets; and each published value follows the noise law conditioned on being at least k,
 * independently. Each of the three steps is exact and draws only on the secure generator.
 */
final class SampledZeroCells implements ZeroCellSampler {
  private final ExactSampler sampler;
  private final ProbabilityBits pass;
  private final LongSupplier atLeastK;

  /**
   * @param sampler the generator, shared with {@code atLeastK}
   * @param pass the bits of p = P(noise >= k)
   * @param atLeastK draws from the noise law conditioned on being at least k
   */
  SampledZeroCells(ExactSampler sampler, ProbabilityBits pass, LongSupplier atLeastK) {
    this.sampler = sampler;
    this.pass = pass;
    this.atLeastK = atLeastK;
  }

  @Override
  public Released release(int n0) {
    int n = (int) binomial(n0);
    int[] indices = distinct(n0, n);
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = atLeastK.getAsLong();
    }
    return new Released(indices, values);
  }

  /**
   * Binomial(n, p), exactly, by bit-splitting: give each trial a uniform U in [0, 1); it succeeds
   * iff U < p. Compare U with p bit by bit: of the m trials still undecided at bit j, the h whose
   * bit j is 0 form a Binomial(m, 1/2) (counted as the set bits of m fair bits). Where p's bit j is
   * 1 those h have U < p and succeed, the rest stay undecided; where it is 0 the m - h with bit 1
   * have U > p and fail, the h stay. About 2n fair bits in all; p's bits are exact
   * ({@link ProbabilityBits}).
   */
  long binomial(long n) {
    long passed = 0;
    long m = n;
    for (int j = 1; m > 0; j++) {
      long h = sampler.fairBitCount(m);
      if (pass.bit(j)) {
        passed += h;
        m -= h;
      } else {
        m = h;
      }
    }
    return passed;
  }

  /**
   * {@code count} distinct integers of [0, n), uniform among such sets (Floyd's algorithm: for j
   * from n - count to n - 1, take a uniform t in [0, j]; add t, or j if t is already taken),
   * ascending. A bit set when the set is dense, a hash set when it is sparse.
   */
  int[] distinct(int n, int count) {
    if (count == 0) {
      return new int[0];
    }
    if ((long) count * 64 >= n) {
      BitSet taken = new BitSet(n);
      for (int j = n - count; j < n; j++) {
        int t = (int) sampler.uniform(j + 1L);
        taken.set(taken.get(t) ? j : t);
      }
      return taken.stream().toArray();
    }
    Set<Integer> taken = new HashSet<>();
    int[] out = new int[count];
    int size = 0;
    for (int j = n - count; j < n; j++) {
      int t = (int) sampler.uniform(j + 1L);
      int pick = taken.add(t) ? t : j;
      if (pick == j) {
        taken.add(j);
      }
      out[size++] = pick;
    }
    Arrays.sort(out);
    return out;
  }
}
