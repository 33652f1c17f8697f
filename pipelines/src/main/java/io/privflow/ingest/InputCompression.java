package io.privflow.ingest;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.Compression;

/**
 * How an input file is decompressed, decided by its name: the one rule of the input check (on the
 * driver) and of the CSV reader (on the workers), so a file the check accepts is read the same way.
 *
 * <p>A CSV file may be compressed as Beam's {@link Compression} detects it by suffix: {@code .gz},
 * {@code .bz2}, {@code .zst}, {@code .deflate}, {@code .zip} (one entry), {@code .lzo_deflate} and
 * {@code .lzo}; each has a test. {@code .snappy} is refused: Beam reads it as a raw Snappy block,
 * which is not a file format operators export (framed Snappy is). A {@code .parquet} file is never
 * decompressed: Parquet compresses its pages itself.
 */
public final class InputCompression {
  /** What privflow reads, each covered by a test of the input check and the reader. */
  static final Set<Compression> SUPPORTED = EnumSet.of(Compression.UNCOMPRESSED, Compression.GZIP,
      Compression.BZIP2, Compression.ZSTD, Compression.DEFLATE, Compression.ZIP, Compression.LZO, Compression.LZOP);

  private InputCompression() {}

  static boolean isParquet(String fileName) {
    return fileName.toLowerCase(Locale.ROOT).endsWith(".parquet");
  }

  /** The compression of a file, from its name; fails on one privflow does not read. */
  static Compression of(String fileName) {
    if (isParquet(fileName)) {
      return Compression.UNCOMPRESSED;
    }
    Compression c = Compression.detect(fileName);
    if (!SUPPORTED.contains(c)) {
      throw new InputFormatException(fileName + ": " + c.getSuggestedSuffix() + " files are not read (supported"
          + " compressions: " + suffixes() + ")");
    }
    return c;
  }

  /** The decompressed content of a file opened raw. */
  static ReadableByteChannel decompressed(String fileName, ReadableByteChannel raw) throws IOException {
    return of(fileName).readDecompressed(raw);
  }

  static String suffixes() {
    return SUPPORTED.stream().filter(c -> c != Compression.UNCOMPRESSED).map(Compression::getSuggestedSuffix)
        .collect(Collectors.joining(", "));
  }
}
