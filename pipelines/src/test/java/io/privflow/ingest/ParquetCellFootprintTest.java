package io.privflow.ingest;

import io.privflow.files.LocalParquet;
import io.privflow.model.CellRow;
import io.privflow.schemas.CellReference;
import io.privflow.testing.TestPipelines;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.parquet.hadoop.ParquetWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Parquet cell reference carries the footprint columns like a CSV one, and a file written before
 * they existed (no range_m, azimuth_deg or beamwidth_deg) is still read, as rows without a
 * footprint. About 3 s (one DirectRunner pipeline).
 */
class ParquetCellFootprintTest {
  @TempDir Path dir;

  @Test
  void footprintColumnsAreReadAndAnOldFileStillReads() throws Exception {
    Path current = dir.resolve("cells.parquet");
    try (ParquetWriter<CellReference> w = LocalParquet.writer(current, CellReference.getClassSchema())) {
      w.write(CellReference.newBuilder().setCellId("sector").setLat(55.5).setLon(10.5).setRangeM(1500.0)
          .setAzimuthDeg(120.0).setBeamwidthDeg(65.0).build());
      w.write(CellReference.newBuilder().setCellId("half").setLat(55.5).setLon(10.5).setRangeM(1500.0)
          .setAzimuthDeg(120.0).build());
    }
    Schema old = SchemaBuilder.record("CellReference").namespace("io.privflow.schemas").fields()
        .optionalString("cell_id").optionalDouble("lat").optionalDouble("lon").optionalInt("valid_from")
        .optionalInt("valid_to").endRecord();
    Path before = dir.resolve("old.parquet");
    try (ParquetWriter<GenericRecord> w = LocalParquet.genericWriter(before, old)) {
      GenericRecord r = new GenericData.Record(old);
      r.put("cell_id", "old");
      r.put("lat", 55.5);
      r.put("lon", 10.5);
      w.write(r);
    }
    Pipeline p = TestPipelines.create();
    var read = p.apply(ReadInputs.cells(List.of(current.toString(), before.toString())));
    PAssert.that(read.accepted().apply(MapElements.into(TypeDescriptors.strings())
            .via((CellRow c) -> c.cellId() + " " + c.rangeM() + " " + c.azimuthDeg() + " " + c.beamwidthDeg())))
        .containsInAnyOrder("sector 1500.0 120.0 65.0", "old NaN NaN NaN");
    PAssert.that(read.rejected().apply("Reasons", MapElements.into(TypeDescriptors.strings())
        .via(r -> r.reason().name()))).containsInAnyOrder("BAD_FOOTPRINT");
    p.run().waitUntilFinish();
  }
}
