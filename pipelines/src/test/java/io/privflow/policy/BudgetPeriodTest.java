package io.privflow.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
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

  /**
   * #11 item 2: a request in Etc/GMT-14 covering 2020-03-05 and 03-06 reads the instants from
   * 2020-03-04T10:00Z to 2020-03-06T10:00Z. Its periods are those of the instants, in the dataset's
   * zone: three days in UTC (03-04 included, where its data lies), two only in the request's zone.
   * The charge used to follow the request's local dates, which missed 03-04.
   */
  @Test
  void periodsAreThoseOfTheInstantsInTheDatasetsZone() {
    ZoneId requester = ZoneId.of("Etc/GMT-14");
    Instant start = LocalDate.of(2020, 3, 5).atStartOfDay(requester).toInstant();
    Instant end = LocalDate.of(2020, 3, 7).atStartOfDay(requester).toInstant();
    assertEquals(Instant.parse("2020-03-04T10:00:00Z"), start);
    assertEquals(List.of("2020-03-04", "2020-03-05", "2020-03-06"),
        BudgetPeriod.DAY.periodsOf(start, end, ZoneOffset.UTC));
    assertEquals(List.of("2020-03-05", "2020-03-06"), BudgetPeriod.DAY.periodsOf(start, end, requester));
    // the first of April in Etc/GMT-14 is still March in UTC
    Instant april = LocalDate.of(2020, 4, 1).atStartOfDay(requester).toInstant();
    Instant april2 = LocalDate.of(2020, 4, 2).atStartOfDay(requester).toInstant();
    assertEquals(List.of("2020-03", "2020-04"), BudgetPeriod.MONTH.periodsOf(april, april2, ZoneOffset.UTC));
    assertEquals(List.of("2020-Q1", "2020-Q2"), BudgetPeriod.QUARTER.periodsOf(april, april2, ZoneOffset.UTC));
    // the end is exclusive: a range ending at midnight of the dataset's zone does not touch the next day
    assertEquals(List.of("2020-03-04"), BudgetPeriod.DAY.periodsOf(Instant.parse("2020-03-04T00:00:00Z"),
        Instant.parse("2020-03-05T00:00:00Z"), ZoneOffset.UTC));
  }
}
