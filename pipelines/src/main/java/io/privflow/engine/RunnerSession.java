package io.privflow.engine;

import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A command's runner: the pipeline options to run with and, for embedded Flink, the cluster
 * started ahead of the job ({@link EmbeddedFlink}). Close it when the command is done: a cluster
 * no job took is shut down.
 */
public record RunnerSession(PipelineOptions options, EmbeddedFlink flink) implements AutoCloseable {
  @Override
  public void close() throws Exception {
    if (flink != null) {
      flink.close();
    }
  }
}
