package io.privflow.privacy;

import java.io.Serializable;

/**
 * A noise distribution for counts, as a serialisable description. Workers call
 * {@link #newSampler()} in {@code @Setup}, so every deserialised copy seeds its own generator.
 */
public interface NoiseMechanism extends Serializable {
  NoiseSampler newSampler();

  /**
   * A sampler for the zero cells of a domain under the threshold {@code minCount} >= 0, with the
   * law of drawing this noise for each cell and publishing it when it reaches the threshold.
   * Created in {@code @Setup} like {@link #newSampler()}, with a generator of its own. This default
   * draws for each cell; the production mechanisms sample the published cells directly.
   */
  default ZeroCellSampler zeroCellSampler(long minCount) {
    return ZeroCellSampler.perCell(newSampler(), minCount);
  }

  /** Short name for release.json, e.g. {@code discrete_laplace}. */
  String name();

  /** What this noise does to a count: spread, intervals, release chances (reporting only). */
  NoiseFigures figures();
}
