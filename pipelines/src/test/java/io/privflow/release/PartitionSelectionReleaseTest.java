package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privflow.engine.RunnerChoice;
import io.privflow.plan.ReleasePlan;
import io.privflow.policy.Policy;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.privacy.ledger.LedgerEntry;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed sample released with a partition selection and real noise, against its exact OD
 * matrix computed without the pipeline (see {@link SampleReleaseTest}): no cell without devices is
 * ever published, whatever the noise; the cells far above the threshold all are; the release files,
 * the report and the ledger say what was spent, delta included.
 */
class PartitionSelectionReleaseTest {
  @TempDir Path dir;

  @Test
  void noEmptyCellIsPublishedAndTheDeltaIsAccounted() throws Exception {
    Map<String, Long> truth = SampleReleaseTest.independentOdMatrix();
    long empty = truth.values().stream().filter(c -> c == 0).count();
    assertTrue(empty > 100, "the sample's matrix has empty cells to tempt the noise: " + empty);

    Policy policy = Fixtures.zcdpPolicy(dir, "4", "0.000001");
    Path sample = Fixtures.projectRoot().resolve("sample-data");
    ReleaseRequest r = RequestParser.parse(Fixtures.request(dir, """
        request_id: sample-partition-selection
        dataset: tiny
        retention_until: 2099-12-31
        inputs:
          network_events: [%1$s/network_events.csv]
          gps_events: [%1$s/gps_events.csv]
          cells: [%1$s/cells.csv]
        regions:
          file: %1$s/regions.geojson
        time: {start: 2020-03-02, end: 2020-03-09, zone: Europe/Copenhagen, window: P1D}
        privacy: {mechanism: discrete_gaussian, rho: 1, release: partition_selection}
        metrics:
          od: {max_transitions_per_device: 6}
        output: {directory: %2$s}
        """.formatted(sample, dir.resolve("release"))));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy);
    ReleasePlan plan = run.plan(r);
    // sigma^2 = L / (2 rho) = 3; l0 = 6, selection delta 1e-8: Q((tau - 2) / sqrt 3) <= 1e-8 / 6.06 gives tau 13
    long tau = plan.metrics().get(0).threshold().value();
    assertEquals(13, tau);
    run.execute(plan, RunnerChoice.FLINK.options(2, "[local]"));

    Map<String, Long> released = SampleReleaseTest.released(r.outputDirectory().resolve("od_counts.csv"));
    assertTrue(released.size() > 20, "a selection that publishes something: " + released.size());
    List<String> emptyPublished = new ArrayList<>();
    released.forEach((cell, count) -> {
      if (truth.getOrDefault(cell, 0L) == 0) {
        emptyPublished.add(cell + " published as " + count);
      }
      assertTrue(count >= tau, cell + ": " + count + " below the threshold");
    });
    assertEquals(List.of(), emptyPublished, "a cell without devices was published");
    // A cell with true count >= 2 tau = 26 is missed only if Z < -13 (sigma 1.73): P < 1e-13 per cell.
    List<String> missed = new ArrayList<>();
    truth.forEach((cell, count) -> {
      if (count >= 2 * tau && !released.containsKey(cell)) {
        missed.add(cell + " (true count " + count + ")");
      }
    });
    assertEquals(List.of(), missed, "cells far above the threshold were not published");

    JsonNode meta = new ObjectMapper().readTree(r.outputDirectory().resolve("release.json").toFile());
    assertEquals("partition_selection", meta.path("release").asText());
    assertEquals(tau, meta.at("/thresholds/od").asLong());
    JsonNode report = new ObjectMapper().readTree(r.outputDirectory().resolve("report.json").toFile());
    assertEquals("partition_selection", report.at("/threshold/release").asText());
    assertEquals(0.0, report.at("/metrics/0/threshold/expected_empty_published_per_window").asDouble());
    assertEquals(0.00000101, report.at("/guarantee/delta").asDouble(), 1e-15, "reporting plus selection delta");

    LedgerEntry e = BudgetLedger.open(policy).find(r.requestId()).orElseThrow();
    assertEquals(LedgerEntry.Status.COMMITTED, e.status());
    assertEquals(0, new BigDecimal("0.00000001").compareTo(e.deltaCost()), "the selection delta is charged");
  }
}
