package io.privflow.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Var-length cell index: a contribution costs one to five bytes in a shuffle. */
public final class BoundedContributionCoder extends AtomicCoder<BoundedContribution> {
  private static final BoundedContributionCoder INSTANCE = new BoundedContributionCoder();

  public static BoundedContributionCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(BoundedContribution c, OutputStream out) throws IOException {
    VarLongCoder.of().encode(c.cell(), out);
  }

  @Override
  public BoundedContribution decode(InputStream in) throws IOException {
    return new BoundedContribution(VarLongCoder.of().decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
