package io.privflow.consent;

import io.privflow.model.Coders;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;

/**
 * The event times one subject's consent covers for the requested purpose: a union of half-open
 * intervals {@code [granted_at, min(valid_until, revoked_at))}, merged and sorted. It holds no
 * identifier and no location, so it may travel as a side input.
 */
final class Coverage implements Serializable {
  static final Coder<Coverage> CODER = Coders.of(Coverage.class,
      (c, out) -> {
        out.writeInt(c.from.length);
        for (int i = 0; i < c.from.length; i++) {
          out.writeLong(c.from[i]);
          out.writeLong(c.to[i]);
        }
      },
      in -> {
        int n = in.readInt();
        long[] from = new long[n];
        long[] to = new long[n];
        for (int i = 0; i < n; i++) {
          from[i] = in.readLong();
          to[i] = in.readLong();
        }
        return new Coverage(from, to);
      });

  private final long[] from;
  private final long[] to;

  private Coverage(long[] from, long[] to) {
    this.from = from;
    this.to = to;
  }

  /** Merges intervals {@code {from, to}}; empty ones are dropped. */
  static Coverage of(List<long[]> intervals) {
    List<long[]> sorted = new ArrayList<>();
    for (long[] i : intervals) {
      if (i[0] < i[1]) {
        sorted.add(i);
      }
    }
    sorted.sort(Comparator.comparingLong(i -> i[0]));
    List<long[]> merged = new ArrayList<>();
    for (long[] i : sorted) {
      long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && i[0] <= last[1]) {
        last[1] = Math.max(last[1], i[1]);
      } else {
        merged.add(new long[] {i[0], i[1]});
      }
    }
    return new Coverage(merged.stream().mapToLong(i -> i[0]).toArray(), merged.stream().mapToLong(i -> i[1]).toArray());
  }

  boolean isEmpty() {
    return from.length == 0;
  }

  /** Whether an event at {@code millis} is covered: some {@code from <= millis < to}. */
  boolean covers(long millis) {
    int i = Arrays.binarySearch(from, millis);
    int k = i >= 0 ? i : -i - 2; // the last interval starting at or before millis
    return k >= 0 && millis < to[k];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Coverage c && Arrays.equals(from, c.from) && Arrays.equals(to, c.to);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(from) * 31 + Arrays.hashCode(to);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Coverage[");
    for (int i = 0; i < from.length; i++) {
      b.append(i == 0 ? "" : ", ").append(from[i]).append("..").append(to[i]);
    }
    return b.append(']').toString();
  }
}
