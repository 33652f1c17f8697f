package io.privflow.engine;

import io.privflow.rejects.Source;
import io.privflow.rejects.Tallies;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The run's figures: the reconciliation tallies the pipeline wrote as data (exact on every
 * runner), plus the informational counters the runner reports (committed values where it has them,
 * attempted otherwise). These are exact figures about the raw data: custodian-only, never part of
 * a release.
 */
public record RunCounters(Map<String, Long> values) {

  /** Tallies from the staged files win over metrics of the same name. */
  public static RunCounters of(PipelineResult result, Path talliesDirectory) throws IOException {
    Map<String, Long> m = new TreeMap<>(metrics(result));
    if (Files.isDirectory(talliesDirectory)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(talliesDirectory, "tallies*")) {
        for (Path f : files) {
          for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            int comma = line.lastIndexOf(',');
            if (comma > 0) {
              m.put(line.substring(0, comma), Long.parseLong(line.substring(comma + 1)));
            }
          }
        }
      }
    }
    // A metric whose bound cut no device still reports it: zero capped devices is a figure too.
    for (String name : java.util.List.copyOf(m.keySet())) {
      if (name.startsWith("bounding.") && name.endsWith(".devices") && !name.endsWith(".capped_devices")) {
        String metric = name.substring("bounding.".length(), name.length() - ".devices".length());
        m.putIfAbsent(cappedDevicesCounter(metric), 0L);
      }
    }
    return new RunCounters(Map.copyOf(m));
  }

  /** The runner's counters in privflow's namespace (for steps run outside a release, and tests). */
  public static RunCounters of(PipelineResult result) {
    return new RunCounters(Map.copyOf(metrics(result)));
  }

  private static Map<String, Long> metrics(PipelineResult result) {
    MetricQueryResults q = result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(Tallies.NAMESPACE)).build());
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
    return m;
  }

  public long get(String name) {
    return values.getOrDefault(name, 0L);
  }

  public long read(Source s) {
    return get(Tallies.read(s));
  }

  public long accepted(Source s) {
    return get(Tallies.accepted(s));
  }

  /** Outside the requested time range: out of scope, not rejected. */
  public long filtered(Source s) {
    return get(Tallies.filtered(s));
  }

  /** Outside every region of the request (or on a cell whose tower is): out of scope, not rejected. */
  public long outsideRegions(Source s) {
    return get(Tallies.outsideRegions(s));
  }

  /**
   * Devices whose contributions to a metric the bound cut (they had more than it keeps), from the
   * counter {@code bounding.<metric>.capped_devices}; custodian-only, like every figure here.
   */
  public long cappedDevices(String metric) {
    return get(cappedDevicesCounter(metric));
  }

  /** The name of the capped-devices counter of a metric, e.g. {@code bounding.od.capped_devices}. */
  public static String cappedDevicesCounter(String metric) {
    return "bounding." + metric + ".capped_devices";
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

  /** read = accepted + rejected + outside the time range + outside the regions, for one source. */
  public boolean reconciles(Source s) {
    return read(s) == accepted(s) + rejectedTotal(s) + filtered(s) + outsideRegions(s);
  }
}
