package io.privflow.privacy;

/** Draws one noise value; stateful (owns its generator), one per DoFn instance. */
public interface NoiseSampler {
  long sample();
}
