package io.privflow.ingest;

import java.time.Instant;
import java.time.LocalDate;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

/**
 * A Parquet row read through parquet-avro. Typed columns are taken as they are (timestamp-millis,
 * date, double); string columns holding ISO text or numbers are parsed like CSV.
 */
final class AvroRow implements Row {
  private GenericRecord record;

  void reset(GenericRecord record) {
    this.record = record;
  }

  private Object value(String field) {
    Schema.Field f = record.getSchema().getField(field);
    return f == null ? null : record.get(f.pos());
  }

  @Override
  public String text(String field) {
    Object v = value(field);
    if (v == null) {
      return null;
    }
    String s = (v instanceof Utf8 u ? u.toString() : v.toString()).strip();
    return s.isEmpty() ? null : s;
  }

  @Override
  public Long instantMillis(String field) throws BadValue {
    Object v = value(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Instant i) {
      return i.toEpochMilli();
    }
    String s = text(field);
    return s == null ? null : Values.parseInstantMillis(field, s);
  }

  @Override
  public Double number(String field) throws BadValue {
    Object v = value(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    String s = text(field);
    return s == null ? null : Values.parseNumber(field, s);
  }

  @Override
  public Integer epochDay(String field) throws BadValue {
    Object v = value(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof LocalDate d) {
      return Math.toIntExact(d.toEpochDay());
    }
    String s = text(field);
    return s == null ? null : Values.parseEpochDay(field, s);
  }
}
