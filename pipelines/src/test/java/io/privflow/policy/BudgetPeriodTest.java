package io.privflow.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {
  @Test
  void periodsTouchedByARange() {
    LocalDate a = LocalDate.parse("2020-03-30");
    LocalDate b = LocalDate.parse("2020-04-02");
    assertEquals(List.of("2020-03", "2020-04"), BudgetPeriod.MONTH.periodsOf(a, b));
    assertEquals(List.of("2020-W14"), BudgetPeriod.WEEK.periodsOf(a, b));
    assertEquals(List.of("2020-Q1", "2020-Q2"), BudgetPeriod.QUARTER.periodsOf(a, b));
    assertEquals(List.of("2020"), BudgetPeriod.YEAR.periodsOf(a, b));
    assertEquals(3, BudgetPeriod.DAY.periodsOf(a, b).size());
  }
}
