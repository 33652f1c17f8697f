package io.privflow.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {
  @Test
  void periodsTouchedByARange() {
    Instant a = Instant.parse("2020-03-30T00:00:00Z");
    Instant b = Instant.parse("2020-04-02T00:00:00Z");
    ZoneId utc = ZoneOffset.UTC;
    assertEquals(List.of("2020-03", "2020-04"), BudgetPeriod.MONTH.periodsOf(a, b, utc));
    assertEquals(List.of("2020-W14"), BudgetPeriod.WEEK.periodsOf(a, b, utc));
    assertEquals(List.of("2020-Q1", "2020-Q2"), BudgetPeriod.QUARTER.periodsOf(a, b, utc));
    assertEquals(List.of("2020"), BudgetPeriod.YEAR.periodsOf(a, b, utc));
    assertEquals(3, BudgetPeriod.DAY.periodsOf(a, b, utc).size());
  }
}
