package io.privflow.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Every CSV privflow writes goes through CsvCells: no cell a spreadsheet would run as a formula. */
class CsvCellsTest {
  @Test
  void textStartingLikeAFormulaGetsALeadingApostrophe() {
    assertEquals("'=HYPERLINK(\"http://x\")", CsvCells.text("=HYPERLINK(\"http://x\")"));
    assertEquals("'+4522222222", CsvCells.text("+4522222222"));
    assertEquals("'-5", CsvCells.text("-5"));
    assertEquals("'@SUM(A1)", CsvCells.text("@SUM(A1)"));
    assertEquals("'\tx", CsvCells.text("\tx"));
    assertEquals("'\rx", CsvCells.text("\rx"));
  }

  @Test
  void otherTextIsUnchanged() {
    assertEquals("0101", CsvCells.text("0101"));
    assertEquals("A-5", CsvCells.text("A-5"));
    assertEquals("2020-03-01T00:00:00+01:00", CsvCells.text("2020-03-01T00:00:00+01:00"));
    assertEquals("'quoted", CsvCells.text("'quoted"));
    assertEquals("", CsvCells.text(""));
    assertNull(CsvCells.text(null));
  }

  @Test
  void numbersStayNumbers() {
    assertEquals(-12.5, CsvCells.cell(-12.5));
    assertEquals(7L, CsvCells.cell(7L));
    assertEquals("'-5", CsvCells.cell("-5"));
    assertEquals("", CsvCells.cell(null));
  }

  @Test
  void aHandWrittenFieldIsNeutralisedThenQuoted() {
    assertEquals("\"'=1+2,3\"", CsvCells.field("=1+2,3"));
    assertEquals("\"'-a \"\"b\"\"\"", CsvCells.field("-a \"b\""));
    assertEquals("\"two\nlines\"", CsvCells.field("two\nlines"));
    assertEquals("plain", CsvCells.field("plain"));
    assertEquals("", CsvCells.field(null));
  }
}
