package io.privflow.engine;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Records read so far, for the progress line. The readers add each bundle's count (never per
 * record) to a runner metric, {@value #NAMESPACE}/{@value #NAME}, which the runner gathers from
 * wherever the workers run: a Flink TaskManager reports it to the JobManager, a Spark executor to
 * the driver. While a run is submitted and under way, {@link #recordsRead(PipelineResult)} asks the
 * runner for it. The same count is also kept in this JVM, which is where the workers are only when
 * the runner is embedded and its {@code run()} blocks until the job is over (embedded Flink, the
 * DirectRunner): the progress line of those runs uses {@link #recordsReadHere()}.
 *
 * <p>The metric is the runner's attempted count: a task a runner re-runs after a failure counts its
 * records again. The exact figures a run reconciles are its tallies (see RunCounters).
 */
public final class IngestProgress {
  public static final String NAMESPACE = "privflow-progress";
  public static final String NAME = "records_read";
  private static final AtomicLong READ = new AtomicLong();
  private static final Counter COUNTER = Metrics.counter(NAMESPACE, NAME);

  private IngestProgress() {}

  /** Called by a reader at the end of a bundle, inside the runner. */
  public static void add(long records) {
    READ.addAndGet(records);
    COUNTER.inc(records);
  }

  /** Records read by workers running in this JVM. */
  public static long recordsReadHere() {
    return READ.get();
  }

  /**
   * Records read so far as the runner reports them for a submitted run, or empty when the runner
   * cannot say (it reports no metrics, or could not be asked this time).
   */
  public static OptionalLong recordsRead(PipelineResult result) {
    try {
      long n = 0;
      boolean any = false;
      for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
          .addNameFilter(MetricNameFilter.named(NAMESPACE, NAME)).build()).getCounters()) {
        n += c.getAttempted();
        any = true;
      }
      return any ? OptionalLong.of(n) : OptionalLong.of(0);
    } catch (RuntimeException e) {
      return OptionalLong.empty();
    }
  }
}
