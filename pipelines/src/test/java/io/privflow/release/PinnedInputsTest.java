package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privflow.engine.RunnerChoice;
import io.privflow.policy.Policy;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.privacy.ledger.PeriodBalance;
import io.privflow.publish.ReleaseFailedException;
import io.privflow.rejects.Source;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs are expanded once and pinned before the budget is reserved (#11 item 11). The review found
 * that a file added to an input glob during a run was read but not listed in the lineage, and that
 * a file truncated during a run was published from 10% of its records. Now the run reads exactly the
 * pinned files, and a pinned file whose size or modification time changed while the run read it
 * fails the run closed: nothing published, the reservation given back.
 *
 * <p>The files are changed at a phase boundary of the run (its phase listener), so each case happens
 * at the same point every time, with no sleep. One release each, about 10 s each under load.
 */
class PinnedInputsTest {
  @TempDir Path dir;
  private Policy policy;
  private Path events;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @BeforeEach
  void globOverOneFile() throws Exception {
    policy = Fixtures.policy(dir);
    Path folder = Files.createDirectories(dir.resolve("events"));
    events = Files.copy(Fixtures.tiny("network_events.csv"), folder.resolve("day-1.csv"));
  }

  private ReleaseRequest request() throws Exception {
    return RequestParser.parse(RequestYaml.tiny().networkEvents(dir.resolve("events") + "/*.csv").write(dir));
  }

  /** Runs the release, calling {@code change} when it reaches {@code phase}. */
  private ReleaseRun.Outcome run(ReleaseRequest r, ReleaseRun.Phase phase, IoAction change) throws Exception {
    ReleaseRun run = new ReleaseRun(new PrintStream(log, true), policy).withPhases(p -> {
      if (p == phase) {
        try {
          change.run();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    });
    return run.execute(run.plan(r), RunnerChoice.DIRECT.options(2, null));
  }

  private interface IoAction {
    void run() throws IOException;
  }

  @Test
  void aFileAddedToTheGlobDuringTheRunIsNeitherReadNorListed() throws Exception {
    ReleaseRequest r = request();
    Path late = dir.resolve("events/day-2.csv");
    ReleaseRun.Outcome o = run(r, ReleaseRun.Phase.RESERVED, () -> Files.copy(events, late));
    assertTrue(Files.exists(late), "the file was there while the pipeline ran");
    assertEquals(16, o.counters().read(Source.NETWORK_EVENTS), "only the pinned file's 16 records were read");
    JsonNode custodian = new ObjectMapper().readTree(policy.custodianFilesOf(r.dataset(), r.requestId())
        .resolve("report-custodian.json").toFile());
    List<String> listed = new ArrayList<>();
    custodian.path("inputs").forEach(i -> listed.add(i.path("name").asText()));
    assertEquals(List.of("day-1.csv", "gps_events.csv", "cells.csv"), listed, "the lineage lists what was read");
  }

  @Test
  void aFileTruncatedDuringTheRunFailsItClosed() throws Exception {
    ReleaseRequest r = request();
    List<String> lines = Files.readAllLines(events);
    // the header and 2 of its 16 records are left: the pipeline reads about 10% of the file
    assertFailsClosed(r, ReleaseRun.Phase.RUNNING, () -> Files.write(events, lines.subList(0, 3)));
  }

  @Test
  void aFileWhoseModificationTimeChangedDuringTheRunFailsItClosed() throws Exception {
    ReleaseRequest r = request();
    FileTime pinned = Files.getLastModifiedTime(events);
    // same size, same bytes: only the time says it was written to while the run read it
    assertFailsClosed(r, ReleaseRun.Phase.NOISE_DRAWN,
        () -> Files.setLastModifiedTime(events, FileTime.fromMillis(pinned.toMillis() + 1_000)));
  }

  private void assertFailsClosed(ReleaseRequest r, ReleaseRun.Phase phase, IoAction change) throws Exception {
    var e = assertThrows(ReleaseFailedException.class, () -> run(r, phase, change));
    assertTrue(e.getMessage().startsWith("input file(s) changed while the run read them (size, time or identity): "
        + events + "; nothing was published"), e.getMessage());
    assertFalse(Files.exists(r.outputDirectory()), "nothing published");
    BudgetLedger ledger = BudgetLedger.open(policy);
    assertTrue(ledger.find(r.requestId()).isEmpty(), "the reservation was given back");
    BigDecimal held = ledger.balances("tiny").stream().map(PeriodBalance::reserved)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal spent = ledger.balances("tiny").stream().map(PeriodBalance::committed)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertEquals(0, held.signum(), "held " + held);
    assertEquals(0, spent.signum(), "spent " + spent);
    assertTrue(log.toString().contains("its budget reservation was given back and nothing was published"),
        log.toString());
    try (Stream<Path> s = Files.list(dir)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".privflow-work-")), "no work left");
    }
  }
}
