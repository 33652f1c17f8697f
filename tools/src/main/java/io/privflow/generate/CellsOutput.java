package io.privflow.generate;

import io.privflow.schemas.CellReference;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.commons.csv.CSVPrinter;
import org.apache.parquet.hadoop.ParquetWriter;

/** The cell reference table, one row per validity interval, in cell id order. */
final class CellsOutput {
  private CellsOutput() {}

  /** Returns the number of rows written (to each file). */
  static long write(CellPlan plan, Path dir) throws IOException {
    long rows = 0;
    try (CSVPrinter csv = Outputs.csv(dir.resolve("cells.csv"), "cell_id", "lat", "lon", "valid_from", "valid_to", "range_m");
        ParquetWriter<CellReference> parquet = Outputs.parquet(dir.resolve("cells.parquet"), CellReference.getClassSchema())) {
      for (Cell c : plan.cells) {
        for (Cell.Site s : c.sites) {
          csv.printRecord(c.id, Geo.text(s.at().y), Geo.text(s.at().x),
              s.from() == null ? "" : s.from().toString(), s.to() == null ? "" : s.to().toString(),
              Geo.text(c.rangeM));
          parquet.write(new CellReference(c.id, s.at().y, s.at().x, s.from(), s.to(), c.rangeM, null, null));
          rows++;
        }
      }
    }
    return rows;
  }
}
