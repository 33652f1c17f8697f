package io.privflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.model.CellRow;
import io.privflow.rejects.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cell reference's footprint columns (range_m, azimuth_deg, beamwidth_deg): a test per rule.
 * A row breaking one is rejected with its reason and a detail that names the field, never the
 * value; good rows keep the fields (absent ones as NaN). Plain Java, well under 1 s.
 */
class CellFootprintFieldsTest {
  private static final List<String> HEADER =
      List.of("cell_id", "lat", "lon", "valid_from", "valid_to", "range_m", "azimuth_deg", "beamwidth_deg");
  private final RecordParsers parsers = new RecordParsers(0, Long.MAX_VALUE);

  private Parsed<CellRow> parse(String range, String azimuth, String beamwidth) {
    CsvRow row = new CsvRow(HEADER);
    row.reset(new String[] {"c1", "55.5", "10.5", "", "", range, azimuth, beamwidth});
    return parsers.cell(row);
  }

  private void assertRejected(Reason reason, String field, Parsed<CellRow> p) {
    Parsed.Bad<CellRow> bad = assertInstanceOf(Parsed.Bad.class, p);
    assertEquals(reason, bad.reason());
    assertTrue(bad.detail().contains(field), bad.detail());
  }

  @Test
  void aRangeOfZeroOrBelowIsRejected() {
    assertRejected(Reason.BAD_FOOTPRINT, "range_m", parse("0", "", ""));
    assertRejected(Reason.BAD_FOOTPRINT, "range_m", parse("-250", "", ""));
  }

  @Test
  void anAzimuthWithoutABeamwidthAndTheReverseAreRejected() {
    assertRejected(Reason.BAD_FOOTPRINT, "beamwidth_deg", parse("1000", "120", ""));
    assertRejected(Reason.BAD_FOOTPRINT, "azimuth_deg", parse("1000", "", "65"));
  }

  @Test
  void anAzimuthOutsideZeroTo360IsRejected() {
    assertRejected(Reason.BAD_FOOTPRINT, "azimuth_deg", parse("1000", "360", "65"));
    assertRejected(Reason.BAD_FOOTPRINT, "azimuth_deg", parse("1000", "-1", "65"));
  }

  @Test
  void aBeamwidthOutsideZeroTo360IsRejected() {
    assertRejected(Reason.BAD_FOOTPRINT, "beamwidth_deg", parse("1000", "120", "0"));
    assertRejected(Reason.BAD_FOOTPRINT, "beamwidth_deg", parse("1000", "120", "361"));
  }

  @Test
  void aFootprintFieldThatIsNotAFiniteNumberIsBadNumber() {
    assertRejected(Reason.BAD_NUMBER, "range_m", parse("far", "", ""));
    assertRejected(Reason.BAD_NUMBER, "azimuth_deg", parse("1000", "NaN", "65"));
    assertRejected(Reason.BAD_NUMBER, "beamwidth_deg", parse("1000", "120", "Infinity"));
  }

  @Test
  void goodRowsKeepTheirFootprint() {
    CellRow sector = (CellRow) assertInstanceOf(Parsed.Ok.class, parse("1500", "0", "360")).value();
    assertEquals(1500, sector.rangeM());
    assertEquals(0, sector.azimuthDeg());
    assertEquals(360, sector.beamwidthDeg());
    CellRow bare = (CellRow) assertInstanceOf(Parsed.Ok.class, parse("", "", "")).value();
    assertFalse(bare.hasRange());
    assertFalse(bare.hasSector());
    // A file without the sector columns at all: a circle.
    CsvRow old = new CsvRow(List.of("cell_id", "lat", "lon", "valid_from", "valid_to", "range_m"));
    old.reset(new String[] {"c1", "55.5", "10.5", "", "", "800"});
    CellRow circle = (CellRow) assertInstanceOf(Parsed.Ok.class, parsers.cell(old)).value();
    assertEquals(800, circle.rangeM());
    assertFalse(circle.hasSector());
  }
}
