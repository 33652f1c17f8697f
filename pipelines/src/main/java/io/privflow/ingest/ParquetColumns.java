package io.privflow.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * A row group's projected columns decoded straight into a {@link Row}, without assembling a
 * record per row: parquet-mr's column readers push each value into a converter here. A text
 * column's dictionary entries are decoded once per row group (the same string object then stands
 * for every row that holds it), and a value equal to the row before's reuses its string, so a file
 * sorted by subscriber decodes each identifier once per run of rows.
 *
 * <p>Only for column types whose values come out exactly as the generic reader ({@link AvroRow})
 * gives them: strings, int64 (plain or timestamp-millis) and doubles. {@link #of} says null for
 * any other file, which is then read through parquet-avro.
 */
final class ParquetColumns implements Row {
  private final MessageType projection;
  private final Column[] columns;
  private final Map<String, Column> byName = new HashMap<>();

  private ParquetColumns(MessageType projection, Column[] columns) {
    this.projection = projection;
    this.columns = columns;
    for (Column c : columns) {
      byName.put(c.name, c);
    }
  }

  /** The fast reader of a kind's columns in a file of this schema, or null when it cannot be exact. */
  static ParquetColumns of(InputKind kind, MessageType file) {
    List<String> names = kind.requiredColumns();
    Type[] fields = new Type[names.size()];
    Column[] columns = new Column[names.size()];
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (!file.containsField(name)) {
        return null;
      }
      Type t = file.getType(name);
      if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
        return null;
      }
      PrimitiveTypeName physical = t.asPrimitiveType().getPrimitiveTypeName();
      LogicalTypeAnnotation logical = t.getLogicalTypeAnnotation();
      Schema.Type want = base(kind.schema().getField(name).schema()).getType();
      boolean exact = switch (want) {
        case STRING -> physical == PrimitiveTypeName.BINARY
            && logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation;
        case LONG -> physical == PrimitiveTypeName.INT64 && (logical == null
            || logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
            && ts.getUnit() == LogicalTypeAnnotation.TimeUnit.MILLIS);
        case DOUBLE -> physical == PrimitiveTypeName.DOUBLE && logical == null;
        default -> false;
      };
      if (!exact) {
        return null;
      }
      fields[i] = t;
      columns[i] = new Column(name, physical, file.getColumnDescription(new String[] {name}).getMaxDefinitionLevel());
    }
    return new ParquetColumns(new MessageType(file.getName(), fields), columns);
  }

  private static Schema base(Schema s) {
    if (s.getType() == Schema.Type.UNION) {
      for (Schema t : s.getTypes()) {
        if (t.getType() != Schema.Type.NULL) {
          return t;
        }
      }
    }
    return s;
  }

  /** The schema to ask the file reader for: only these columns are read from disk. */
  MessageType projection() {
    return projection;
  }

  /** Column readers over one row group's pages, positioned on its first row. */
  ColumnReader[] open(PageReadStore pages, String createdBy) {
    ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new Root(columns), projection, createdBy);
    for (Column c : columns) {
      c.resetRowGroup(); // before the readers: each hands its chunk's dictionary over as it is made
    }
    ColumnReader[] readers = new ColumnReader[columns.length];
    for (int i = 0; i < columns.length; i++) {
      readers[i] = store.getColumnReader(projection.getColumns().get(i));
    }
    return readers;
  }

  /** Loads the readers' current row into this row and moves them on. */
  void advance(ColumnReader[] readers) {
    for (int i = 0; i < readers.length; i++) {
      ColumnReader r = readers[i];
      Column c = columns[i];
      if (r.getCurrentDefinitionLevel() == c.maxDefinition) {
        c.present = true;
        r.writeCurrentValueToConverter();
      } else {
        c.present = false;
      }
      r.consume();
    }
  }

  private Column column(String field) {
    // A scan of the few projected columns, the names first compared by reference (the parsers ask
    // with the same constants the projection was built from): four map lookups a row were 2% of
    // the 20 M profile.
    for (Column c : columns) {
      if (c.name == field) {
        return c.present ? c : null;
      }
    }
    Column c = byName.get(field);
    return c != null && c.present ? c : null;
  }

  @Override
  public String text(String field) {
    Column c = column(field);
    return c == null ? null : c.text;
  }

  @Override
  public Long instantMillis(String field) {
    Column c = column(field);
    return c == null ? null : c.longValue;
  }

  @Override
  public Double number(String field) {
    Column c = column(field);
    return c == null ? null : c.doubleValue;
  }

  @Override
  public Integer epochDay(String field) {
    return null; // no event column is a date
  }

  /** One column's current value. Text is stripped and null when empty, as {@link AvroRow#text} gives it. */
  private static final class Column extends PrimitiveConverter {
    final String name;
    final PrimitiveTypeName type;
    final int maxDefinition;
    boolean present;
    long longValue;
    double doubleValue;
    String text;
    private Dictionary dictionary;
    private String[] dictionaryText;
    private boolean[] decoded;
    private Binary lastBinary;
    private String lastText;

    Column(String name, PrimitiveTypeName type, int maxDefinition) {
      this.name = name;
      this.type = type;
      this.maxDefinition = maxDefinition;
    }

    void resetRowGroup() {
      dictionary = null;
      lastBinary = null;
    }

    @Override
    public boolean hasDictionarySupport() {
      return type == PrimitiveTypeName.BINARY;
    }

    @Override
    public void setDictionary(Dictionary d) {
      dictionary = d;
      dictionaryText = new String[d.getMaxId() + 1];
      decoded = new boolean[d.getMaxId() + 1];
    }

    @Override
    public void addValueFromDictionary(int id) {
      if (!decoded[id]) {
        dictionaryText[id] = textOf(dictionary.decodeToBinary(id));
        decoded[id] = true;
      }
      text = dictionaryText[id];
    }

    @Override
    public void addBinary(Binary b) {
      if (lastBinary == null || !lastBinary.equals(b)) {
        lastBinary = b.copy();
        lastText = textOf(b);
      }
      text = lastText;
    }

    @Override
    public void addLong(long v) {
      longValue = v;
    }

    @Override
    public void addDouble(double v) {
      doubleValue = v;
    }

    private static String textOf(Binary b) {
      String s = b.toStringUsingUTF8().strip();
      return s.isEmpty() ? null : s;
    }
  }

  /** The record converter the column store asks for: the columns, flat. */
  private static final class Root extends GroupConverter {
    private final Column[] columns;

    Root(Column[] columns) {
      this.columns = columns;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return columns[fieldIndex];
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }
}
