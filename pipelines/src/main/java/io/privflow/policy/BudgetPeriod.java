package io.privflow.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How a dataset's privacy budget is divided in time. Each period has its own budget. */
public enum BudgetPeriod {
  DAY, WEEK, MONTH, QUARTER, YEAR;

  public static BudgetPeriod parse(String text) {
    return valueOf(text.strip().toUpperCase(Locale.ROOT));
  }

  /** The key of the period holding a date, e.g. {@code 2020-03}, {@code 2020-W10}, {@code 2020-Q1}. */
  public String keyOf(LocalDate d) {
    return switch (this) {
      case DAY -> d.toString();
      case WEEK -> String.format("%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      case MONTH -> String.format("%d-%02d", d.getYear(), d.getMonthValue());
      case QUARTER -> d.getYear() + "-Q" + d.get(IsoFields.QUARTER_OF_YEAR);
      case YEAR -> Integer.toString(d.getYear());
    };
  }

  /**
   * Every period that the instants {@code [start, end)} touch, in the dataset's zone: the periods of
   * the data actually read, whatever zone the request's windows follow. A release whose data spans
   * two periods is charged in full to each: a device's records in either period are protected by
   * that period's budget.
   */
  public List<String> periodsOf(Instant start, Instant endExclusive, ZoneId zone) {
    List<String> keys = new ArrayList<>();
    LocalDate last = endExclusive.minusMillis(1).atZone(zone).toLocalDate();
    for (LocalDate d = start.atZone(zone).toLocalDate(); !d.isAfter(last); d = d.plusDays(1)) {
      String k = keyOf(d);
      if (keys.isEmpty() || !keys.get(keys.size() - 1).equals(k)) {
        keys.add(k);
      }
    }
    return keys;
  }
}
