package io.privflow.generate;

import io.privflow.schemas.NetworkEvent;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.commons.csv.CSVPrinter;
import org.apache.parquet.hadoop.ParquetWriter;

/** Writes each network row to the CSV and the Parquet file at once, so both hold the same rows. */
final class NetworkSink implements Closeable {
  private final CSVPrinter csv;
  private final ParquetWriter<NetworkEvent> parquet;
  private long rows;

  NetworkSink(Path dir) throws IOException {
    csv = Outputs.csv(dir.resolve("network_events.csv"), "subscriber_id", "event_time", "cell_id", "event_type");
    parquet = Outputs.parquet(dir.resolve("network_events.parquet"), NetworkEvent.getClassSchema());
  }

  void write(NetworkRow r) throws IOException {
    String time = r.badTime() != null ? r.badTime() : r.time().toString();
    csv.printRecord(r.subscriber() == null ? "" : r.subscriber(), time, r.cellId(), r.type());
    // A typed timestamp column cannot hold unparsable text: the Parquet twin of a bad time is null.
    parquet.write(new NetworkEvent(r.subscriber(), r.badTime() != null ? null : r.time(), r.cellId(), r.type()));
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
