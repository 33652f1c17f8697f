package io.privflow.consistency;

import io.privflow.model.Coders;
import org.apache.beam.sdk.coders.Coder;

/**
 * A noisy count as it leaves the noise stage, tagged with its level (0 the window total, 1 coarse,
 * 2 fine) on its way to its window's consistency step; or a published value tagged with its
 * {@link Table} (by ordinal) on the way out.
 */
public record LevelCount(int level, long cell, long count) {
  public static final int TOTAL = 0;
  public static final int COARSE = 1;
  public static final int FINE = 2;

  public static final Coder<LevelCount> CODER = Coders.of(LevelCount.class,
      (c, out) -> {
        out.writeByte(c.level);
        Coders.writeVarLong(out, c.cell);
        out.writeLong(c.count);
      },
      in -> new LevelCount(in.readUnsignedByte(), Coders.readVarLong(in), in.readLong()));
}
