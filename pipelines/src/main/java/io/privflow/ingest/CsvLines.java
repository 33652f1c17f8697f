package io.privflow.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a byte stream, ended by {@code \n}, {@code \r\n} or a lone {@code \r} as
 * {@link java.io.BufferedReader#readLine()} ends them, each with the byte offset where it starts.
 * Lines are split before they are decoded (in UTF-8 neither byte occurs inside a multi-byte
 * character), so listing the lines of a file never decodes it, and a reader can start at any
 * line's offset and see the same lines a reader from the start sees.
 *
 * <p>A line is held whole however long it is, as {@code readLine} held it: the record rules
 * (length, blankness) are the parser's to apply.
 */
final class CsvLines {
  private static final int BUFFER = 1 << 16;

  private final InputStream in;
  private byte[] buf = new byte[BUFFER];
  private int pos;
  private int limit;
  private long bufferOffset;
  private boolean eof;
  private int lineStart;
  private int lineLength;

  /** @param offset the file offset of the stream's first byte */
  CsvLines(InputStream in, long offset) {
    this.in = in;
    this.bufferOffset = offset;
  }

  /** Moves to the next line; false at the end of the stream. */
  boolean next() throws IOException {
    if (pos == limit && !fill()) {
      return false;
    }
    int scan = pos;
    while (true) {
      if (scan == limit || (buf[scan] == '\r' && scan + 1 == limit)) {
        // The line (or its \r\n) may go on in the next read.
        int seen = scan - pos;
        if (!fill()) {
          // The stream ended: the line runs to its end, or to a final lone \r.
          lineStart = pos;
          lineLength = seen;
          pos = limit;
          return true;
        }
        scan = pos + seen;
        continue;
      }
      byte b = buf[scan];
      if (b == '\n' || b == '\r') {
        lineStart = pos;
        lineLength = scan - pos;
        pos = b == '\r' && buf[scan + 1] == '\n' ? scan + 2 : scan + 1;
        return true;
      }
      scan++;
    }
  }

  /** File offset of the current line's first byte. */
  long lineOffset() {
    return bufferOffset + lineStart;
  }

  /** File offset just past the current line and its end. */
  long nextOffset() {
    return bufferOffset + pos;
  }

  int length() {
    return lineLength;
  }

  /** The current line's text; bytes that are not UTF-8 become U+FFFD, as a replacing decoder gives them. */
  String text() {
    for (int i = lineStart; i < lineStart + lineLength; i++) {
      if (buf[i] < 0) {
        return new String(buf, lineStart, lineLength, StandardCharsets.UTF_8);
      }
    }
    return new String(buf, lineStart, lineLength, StandardCharsets.ISO_8859_1);
  }

  /** {@code text().isBlank()}, without decoding a line of ASCII. */
  boolean blank() {
    for (int i = lineStart; i < lineStart + lineLength; i++) {
      byte b = buf[i];
      if (b < 0) {
        return text().isBlank();
      }
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Keeps the unread bytes, moved to the front (and room for more, growing the buffer when one line
   * fills it), then reads; false when the stream has ended.
   */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int kept = limit - pos;
    if (buf.length > 16 * BUFFER && kept < BUFFER) {
      buf = Arrays.copyOfRange(buf, pos, pos + BUFFER); // drop the room a very long line needed
    } else {
      System.arraycopy(buf, pos, buf, 0, kept);
    }
    bufferOffset += pos;
    pos = 0;
    limit = kept;
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n;
    do {
      n = in.read(buf, limit, buf.length - limit);
    } while (n == 0);
    if (n < 0) {
      eof = true;
      return false;
    }
    limit += n;
    return true;
  }
}
