package io.privflow.job;

import io.privflow.ingest.IngestCounters;
import io.privflow.rejects.Source;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The run's counters as the runner reports them after the pipeline finished: committed values
 * where the runner has them, attempted values otherwise (the Flink runner reports only those).
 * These are exact figures about the raw data: custodian-only, never part of a release.
 */
public record RunCounters(Map<String, Long> values) {

  public static RunCounters of(PipelineResult result) {
    MetricQueryResults q = result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(IngestCounters.NAMESPACE)).build());
    Map<String, Long> m = new TreeMap<>();
    for (MetricResult<Long> c : q.getCounters()) {
      long v;
      try {
        v = c.getCommitted();
      } catch (UnsupportedOperationException e) {
        v = c.getAttempted();
      }
      m.merge(c.getName().getName(), v, Long::sum);
    }
    return new RunCounters(Map.copyOf(m));
  }

  public long get(String name) {
    return values.getOrDefault(name, 0L);
  }

  public long read(Source s) {
    return get(IngestCounters.read(s));
  }

  public long accepted(Source s) {
    return get(IngestCounters.accepted(s));
  }

  public long filtered(Source s) {
    return get(IngestCounters.filtered(s));
  }

  /** Rejections of one source, by reason code. */
  public Map<String, Long> rejected(Source s) {
    String prefix = "rejected." + s.label() + ".";
    Map<String, Long> out = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  public long rejectedTotal(Source s) {
    return rejected(s).values().stream().mapToLong(Long::longValue).sum();
  }

  /** read = accepted + rejected + filtered, for one source. */
  public boolean reconciles(Source s) {
    return read(s) == accepted(s) + rejectedTotal(s) + filtered(s);
  }
}
