package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privflow.engine.RunnerChoice;
import io.privflow.policy.Policy;
import io.privflow.policy.PolicyParser;
import io.privflow.privacy.ledger.BudgetExceededException;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.privacy.ledger.PeriodBalance;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The case end to end (#11 item 2): a dataset whose daily budget follows UTC, and a request
 * whose windows follow Etc/GMT-14. Its windows of 2020-03-05 and 03-06 read the instants from
 * 2020-03-04T10:00Z on, so the run is charged to 03-04 as well (it was charged only to 03-05 and
 * 03-06), the report's budget statement lists 03-04, and a later release of 03-04 (UTC) finds that
 * day's budget spent. One release, about 10 s; the refusal reads no data.
 */
class DatasetZoneChargeTest {
  @TempDir Path dir;

  @Test
  void aRequestInAnotherZoneIsChargedToTheDatasetsDaysItReads() throws Exception {
    Fixtures.key(dir);
    Policy policy = PolicyParser.parse(Files.writeString(dir.resolve("policy.yaml"), """
        state_directory: state
        pseudonymization_key_file: test.key
        datasets:
          tiny:
            zone: UTC
            budget_period: day
            budget: 1
            rules: {max_reject_rate: 1}
        """));
    ReleaseRequest east = request("gmt-14", RequestYaml.tiny().requestId("gmt-14").zone("Etc/GMT-14")
        .start("2020-03-05").end("2020-03-07"));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), policy);
    run.execute(run.plan(east), RunnerChoice.DIRECT.options(2, null));

    List<String> days = List.of("2020-03-04", "2020-03-05", "2020-03-06");
    BudgetLedger ledger = BudgetLedger.open(policy);
    assertEquals(days, ledger.find("gmt-14").orElseThrow().periods());
    List<String> spent = new ArrayList<>();
    for (PeriodBalance b : ledger.balances("tiny")) {
      spent.add(b.period() + " " + b.committed().stripTrailingZeros().toPlainString());
    }
    assertEquals(List.of("2020-03-04 1", "2020-03-05 1", "2020-03-06 1"), spent);
    JsonNode budget = new ObjectMapper().readTree(east.outputDirectory().resolve("report.json").toFile())
        .path("budget");
    List<String> stated = new ArrayList<>();
    budget.path("periods").forEach(p -> stated.add(p.path("period").asText() + " " + p.path("cumulative").asText()));
    assertEquals(List.of("2020-03-04 1", "2020-03-05 1", "2020-03-06 1"), stated, "the report's budget statement");

    // 03-04's budget is spent: a UTC release of 03-03 and 03-04 is refused before reading any data
    ReleaseRequest utc = request("utc", RequestYaml.tiny().requestId("utc").start("2020-03-03").end("2020-03-05")
        .epsilon("0.5"));
    var e = assertThrows(BudgetExceededException.class, () -> run.execute(run.plan(utc),
        RunnerChoice.DIRECT.options(2, null)));
    assertTrue(e.getMessage().contains("period 2020-03-04: budget epsilon 1, spent 1"), e.getMessage());
    assertFalse(Files.exists(utc.outputDirectory()));
  }

  private ReleaseRequest request(String name, RequestYaml yaml) throws Exception {
    Path sub = Files.createDirectories(dir.resolve(name));
    return RequestParser.parse(yaml.output(dir.resolve("out-" + name)).write(sub));
  }
}
