package io.privflow.files;

/**
 * The one treatment of a text cell in every CSV file privflow writes (release tables, rejected
 * records, consent exports and their custodian files), so that opening one in a spreadsheet never
 * runs a formula.
 *
 * <p>Neutralised the OWASP way: a text that begins with {@code =}, {@code +}, {@code -}, {@code @},
 * a tab or a carriage return gets a leading apostrophe, which spreadsheets show as text and hide.
 * A region id {@code -5} is written {@code '-5}; a consented subject {@code +4522222222} is written
 * {@code '+4522222222}. A program reading the CSV drops one leading apostrophe before such a
 * character (the Parquet files hold the values unchanged). Numbers are not text: a count or a
 * coordinate is written as it is, so a negative longitude stays a number.
 */
public final class CsvCells {
  private CsvCells() {}

  /** The text as a spreadsheet may safely show it (null stays null). */
  public static String text(String s) {
    if (s == null || s.isEmpty()) {
      return s;
    }
    char c = s.charAt(0);
    boolean formula = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    return formula ? "'" + s : s;
  }

  /** A cell for a CSV printer: text neutralised, numbers as they are, null as empty. */
  public static Object cell(Object v) {
    if (v == null) {
      return "";
    }
    return v instanceof Number ? v : text(v.toString());
  }

  /**
   * One RFC 4180 field for a line written by hand: neutralised, then quoted when it holds a comma,
   * a quote or a line break (null is empty).
   */
  public static String field(String s) {
    if (s == null) {
      return "";
    }
    String t = text(s);
    boolean quote = t.indexOf(',') >= 0 || t.indexOf('"') >= 0 || t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0;
    return quote ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
  }
}
