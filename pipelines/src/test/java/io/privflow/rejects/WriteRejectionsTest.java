package io.privflow.rejects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.privflow.model.Pseudonym;
import org.junit.jupiter.api.Test;

/** A rejected-records row is safe to open in a spreadsheet, like every CSV privflow writes. */
class WriteRejectionsTest {
  @Test
  void aFileNameThatLooksLikeAFormulaIsNeutralised() {
    Rejection r = new Rejection(Source.GPS_EVENTS, "=cmd|' /C calc'!A0.csv", 12, Stage.INGEST,
        Reason.BAD_COORDINATE, null, "lat is NaN or outside [-90, 90]");
    assertEquals("gps_events,'=cmd|' /C calc'!A0.csv,12,ingest,BAD_COORDINATE,,\"lat is NaN or outside [-90, 90]\"",
        WriteRejections.csv(r));
  }

  @Test
  void aRegionStageRowNamesTheFileRecordAndPseudonym() {
    Rejection r = new Rejection(Source.NETWORK_EVENTS, "cdr, march.csv", 7, Stage.REGIONS, Reason.UNKNOWN_CELL,
        new Pseudonym(1, 2), "cell not in the cell reference");
    assertEquals("network_events,\"cdr, march.csv\",7,regions,UNKNOWN_CELL,00000000000000010000000000000002,"
        + "cell not in the cell reference", WriteRejections.csv(r));
  }
}
