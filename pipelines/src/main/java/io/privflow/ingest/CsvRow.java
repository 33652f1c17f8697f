package io.privflow.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A CSV data row addressed through the file's header, so column order does not matter. */
final class CsvRow implements Row {
  private final Map<String, Integer> columns;
  private String[] values;

  CsvRow(List<String> header) {
    columns = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      columns.putIfAbsent(header.get(i).strip().toLowerCase(java.util.Locale.ROOT), i);
    }
  }

  int width() {
    return columns.size();
  }

  /** Points this view at the next row's values (reused to avoid an allocation per row). */
  void reset(String[] values) {
    this.values = values;
  }

  @Override
  public String text(String field) {
    Integer i = columns.get(field);
    if (i == null || i >= values.length) {
      return null;
    }
    String v = values[i].strip();
    return v.isEmpty() ? null : v;
  }

  @Override
  public Long instantMillis(String field) throws BadValue {
    String v = text(field);
    return v == null ? null : Values.parseInstantMillis(field, v);
  }

  @Override
  public Double number(String field) throws BadValue {
    String v = text(field);
    return v == null ? null : Values.parseNumber(field, v);
  }

  @Override
  public Integer epochDay(String field) throws BadValue {
    String v = text(field);
    return v == null ? null : Values.parseEpochDay(field, v);
  }
}
