package io.privflow.model;

import org.apache.beam.sdk.coders.Coder;

/** A released cell: its domain index and its noisy count (at least min_count). May reach a sink. */
public record NoisyCount(long cell, long count) {
  public static final Coder<NoisyCount> CODER = Coders.of(NoisyCount.class,
      (c, out) -> {
        out.writeLong(c.cell);
        out.writeLong(c.count);
      },
      in -> new NoisyCount(in.readLong(), in.readLong()));
}
