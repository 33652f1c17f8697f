package io.privflow.ingest;

import io.privflow.rejects.Source;
import io.privflow.schemas.CellReference;
import io.privflow.schemas.GpsEvent;
import io.privflow.schemas.NetworkEvent;
import java.util.List;
import org.apache.avro.Schema;

/** The three record kinds privflow reads, with the columns each needs. */
public enum InputKind {
  NETWORK_EVENTS(
      Source.NETWORK_EVENTS,
      NetworkEvent.getClassSchema(),
      List.of("subscriber_id", "event_time", "cell_id")),
  GPS_EVENTS(
      Source.GPS_EVENTS, GpsEvent.getClassSchema(), List.of("device_id", "event_time", "lat", "lon")),
  CELLS(
      Source.CELLS,
      CellReference.getClassSchema(),
      List.of("cell_id", "lat", "lon", "valid_from", "valid_to"));

  private final Source source;
  private final Schema schema;
  private final List<String> requiredColumns;

  InputKind(Source source, Schema schema, List<String> requiredColumns) {
    this.source = source;
    this.schema = schema;
    this.requiredColumns = requiredColumns;
  }

  public Source source() {
    return source;
  }

  /** The full Avro schema from {@code schemas/}. */
  public Schema schema() {
    return schema;
  }

  /** Columns that must be in a file's header (or Parquet schema); optional ones may be absent. */
  public List<String> requiredColumns() {
    return requiredColumns;
  }

  /**
   * The columns the pipeline reads: Parquet is read with only these, so unused columns (event
   * type, accuracy) are never decoded. Logical types are dropped so that timestamps and dates
   * arrive as plain longs and ints, which Beam's Avro coder encodes without conversions.
   */
  public Schema projection() {
    List<Schema.Field> fields =
        schema.getFields().stream()
            .filter(f -> requiredColumns.contains(f.name()) || this == CELLS)
            .map(f -> new Schema.Field(f.name(), withoutLogicalTypes(f.schema()), f.doc(), f.defaultVal()))
            .toList();
    // Another namespace than the generated class's, or parquet-avro would build that class.
    return Schema.createRecord(schema.getName(), schema.getDoc(), "io.privflow.ingest.projection", false, fields);
  }

  private static Schema withoutLogicalTypes(Schema s) {
    if (s.getType() == Schema.Type.UNION) {
      return Schema.createUnion(s.getTypes().stream().map(InputKind::withoutLogicalTypes).toList());
    }
    return s.getLogicalType() == null ? s : Schema.create(s.getType());
  }
}
