package io.privflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.flink.api.java.ExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The Flink cluster started ahead of the job: used by the job, replaced when it does not fit, closed when unused. */
class EmbeddedFlinkTest {

  @Test
  void theJobRunsOnTheClusterStartedEarly() throws Exception {
    try (RunnerSession session = RunnerChoice.FLINK.open(2, null)) {
      assertNotNull(session.flink());
      assertEquals(1_000, elementsGrouped(session));
      assertTrue(session.flink().jobTookIt(), "the job should have run on the early cluster");
    }
    assertTrue(ExecutionEnvironment.areExplicitEnvironmentsAllowed(), "the context environment is uninstalled");
  }

  @Test
  void aJobOfAnotherShapeGetsAClusterOfItsOwn() throws Exception {
    try (EmbeddedFlink flink = EmbeddedFlink.start(1)) {
      // The job asks for two slots; the early cluster has one: Flink starts the job's own cluster.
      RunnerSession twoSlots = new RunnerSession(RunnerChoice.FLINK.options(2, EmbeddedFlink.master()), null);
      assertEquals(1_000, elementsGrouped(twoSlots));
      assertFalse(flink.jobTookIt());
    }
    assertTrue(ExecutionEnvironment.areExplicitEnvironmentsAllowed());
  }

  @Test
  void aClusterNoJobTookIsClosedAndTheNextSessionStartsAfresh() throws Exception {
    EmbeddedFlink first = EmbeddedFlink.start(2);
    assertNotNull(first);
    assertNull(EmbeddedFlink.start(2), "one session at a time");
    first.close();
    assertTrue(ExecutionEnvironment.areExplicitEnvironmentsAllowed());
    try (RunnerSession again = RunnerChoice.FLINK.open(2, "[local]")) {
      assertNotNull(again.flink(), "a closed session frees its place");
      assertEquals(1_000, elementsGrouped(again));
      assertTrue(again.flink().jobTookIt());
    }
  }

  @Test
  void aSecondSessionWhileOneIsOpenRunsOnItsOwnCluster() throws Exception {
    try (RunnerSession first = RunnerChoice.FLINK.open(2, null);
        RunnerSession second = RunnerChoice.FLINK.open(2, null)) {
      assertNull(second.flink());
      // The early cluster takes one job, whichever asks first; the other gets a cluster of its own.
      assertEquals(1_000, elementsGrouped(second));
      assertEquals(1_000, elementsGrouped(first));
      assertTrue(first.flink().jobTookIt());
    }
    assertTrue(ExecutionEnvironment.areExplicitEnvironmentsAllowed());
  }

  @Test
  void otherRunnersAndMastersStartNothing() throws Exception {
    try (RunnerSession direct = RunnerChoice.DIRECT.open(2, null);
        RunnerSession remote = RunnerChoice.FLINK.open(2, "localhost:8081")) {
      assertNull(direct.flink());
      assertNull(remote.flink());
    }
  }

  /** Runs a small job with a shuffle and returns the elements it counted after the grouping. */
  private static long elementsGrouped(RunnerSession session) {
    Pipeline p = Pipeline.create(session.options());
    p.apply(Create.of(IntStream.range(0, 1_000).boxed().toList()))
        .apply(WithKeys.of((Integer i) -> i % 7).withKeyType(TypeDescriptors.integers()))
        .apply(GroupByKey.create())
        .apply(ParDo.of(new CountFn()));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(EmbeddedFlinkTest.class, "grouped")).build()).getCounters()) {
      return c.getAttempted();
    }
    return -1;
  }

  private static final class CountFn extends DoFn<KV<Integer, Iterable<Integer>>, Void> {
    private final Counter grouped = Metrics.counter(EmbeddedFlinkTest.class, "grouped");

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<Integer>> e) {
      for (Integer ignored : e.getValue()) {
        grouped.inc();
      }
    }
  }
}
