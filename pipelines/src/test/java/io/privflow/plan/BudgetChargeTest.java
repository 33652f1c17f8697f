package io.privflow.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.privflow.policy.Policy;
import io.privflow.policy.PolicyParser;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.RequestYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The periods a release is charged to (#11 item 2) are those of the instants it reads, in the zone
 * the custodian's policy gives the dataset, whatever zone the request's windows follow. The issue's
 * case: a request in Etc/GMT-14 covering 2020-03-05 and 03-06 reads events of 03-04 UTC, and was
 * charged only to 03-05 and 03-06. Milliseconds per test.
 */
class BudgetChargeTest {
  @TempDir Path dir;

  private Policy dailyBudget(String zoneLine) throws Exception {
    Path f = Files.writeString(dir.resolve("policy.yaml"), """
        state_directory: state
        datasets:
          tiny:
            budget_period: day
            budget: 1
        %s""".formatted(zoneLine));
    return PolicyParser.parse(f);
  }

  private ReleaseRequest request(String zone, String start, String end) throws Exception {
    Path sub = Files.createDirectories(dir.resolve("req-" + zone.replace('/', '_') + start));
    return RequestParser.parse(RequestYaml.tiny().zone(zone).start(start).end(end).write(sub));
  }

  @Test
  void aRequestInEtcGmtMinus14IsChargedToTheUtcDaysItReads() throws Exception {
    BudgetCharge c = BudgetCharge.of(request("Etc/GMT-14", "2020-03-05", "2020-03-07"), dailyBudget(""));
    assertEquals(List.of("2020-03-04", "2020-03-05", "2020-03-06"), c.periods());
  }

  @Test
  void theDatasetsZoneIsThePolicysNotTheRequests() throws Exception {
    Policy inGmtMinus14 = dailyBudget("    zone: Etc/GMT-14\n");
    assertEquals(List.of("2020-03-05", "2020-03-06"),
        BudgetCharge.of(request("Etc/GMT-14", "2020-03-05", "2020-03-07"), inGmtMinus14).periods());
    // a UTC request over the same dates reads 03-05T00:00Z to 03-07T00:00Z: 14 h later, into 03-07 there
    assertEquals(List.of("2020-03-05", "2020-03-06", "2020-03-07"),
        BudgetCharge.of(request("UTC", "2020-03-05", "2020-03-07"), inGmtMinus14).periods());
  }

  @Test
  void aRequestInTheDatasetsZoneIsChargedToItsOwnDates() throws Exception {
    assertEquals(List.of("2020-03-05", "2020-03-06"),
        BudgetCharge.of(request("UTC", "2020-03-05", "2020-03-07"), dailyBudget("    zone: UTC\n")).periods());
  }
}
