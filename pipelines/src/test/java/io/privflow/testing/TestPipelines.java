package io.privflow.testing;

import io.privflow.engine.RunnerChoice;
import org.apache.beam.sdk.Pipeline;

/** A plain Pipeline on the DirectRunner (Beam 2.62's TestPipeline is a JUnit 4 rule). */
public final class TestPipelines {
  private TestPipelines() {}

  public static Pipeline create() {
    return Pipeline.create(RunnerChoice.DIRECT.options(2, null));
  }
}
