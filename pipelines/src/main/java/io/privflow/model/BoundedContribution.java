package io.privflow.model;

import org.apache.beam.sdk.coders.Coder;

/**
 * One kept contribution of one device, reduced to the domain cell it adds 1 to. The device is gone:
 * only the count of these per cell survives, and only after noise.
 */
public record BoundedContribution(long cell) {
  /** Var-length cell index: a contribution costs one to five bytes in a shuffle. */
  public static final Coder<BoundedContribution> CODER = Coders.of(BoundedContribution.class,
      (c, out) -> Coders.writeVarLong(out, c.cell), in -> new BoundedContribution(Coders.readVarLong(in)));
}
