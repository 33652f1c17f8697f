package io.privflow.generate;

import io.privflow.schemas.GpsEvent;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.commons.csv.CSVPrinter;
import org.apache.parquet.hadoop.ParquetWriter;

/** Writes each GPS row to the CSV and the Parquet file at once, so both hold the same rows. */
final class GpsSink implements Closeable {
  private final CSVPrinter csv;
  private final ParquetWriter<GpsEvent> parquet;
  private long rows;

  GpsSink(Path dir) throws IOException {
    csv = Outputs.csv(dir.resolve("gps_events.csv"), "device_id", "event_time", "lat", "lon", "accuracy_m");
    parquet = Outputs.parquet(dir.resolve("gps_events.parquet"), GpsEvent.getClassSchema());
  }

  void write(GpsRow r) throws IOException {
    csv.printRecord(r.device(), r.time().toString(), Geo.text(r.lat()), Geo.text(r.lon()),
        r.accuracyM() == null ? "" : Geo.text(r.accuracyM()));
    parquet.write(new GpsEvent(r.device(), r.time(), r.lat(), r.lon(), r.accuracyM()));
    rows++;
  }

  long rows() {
    return rows;
  }

  @Override
  public void close() throws IOException {
    try (csv) {
      parquet.close();
    }
  }
}
