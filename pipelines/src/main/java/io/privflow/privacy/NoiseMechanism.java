package io.privflow.privacy;

import java.io.Serializable;

/**
 * A noise distribution for counts, as a serialisable description. Workers call
 * {@link #newSampler()} in {@code @Setup}, so every deserialised copy seeds its own generator.
 */
public interface NoiseMechanism extends Serializable {
  NoiseSampler newSampler();

  /** Short name for release.json, e.g. {@code discrete_laplace}. */
  String name();

  /** What this noise does to a count: spread, intervals, release chances (reporting only). */
  NoiseFigures figures();
}
