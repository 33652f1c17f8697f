package io.privflow.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Parquet files through parquet-avro, on the local file system without Hadoop's checksum file
 * system (which would leave {@code .crc} side files in a release directory).
 *
 * <p>Integrity: every file written here carries a CRC-32 per page (parquet-mr 1.13 writes them by
 * default; it is set explicitly so that a change of default cannot drop them), and every reader
 * here verifies them, so a flipped bit in a page fails the read instead of silently changing
 * values. A file without checksums (written by another tool) is read unverified: the format makes
 * them optional.
 */
public final class LocalParquet {
  /** Hadoop configuration key of page checksum verification on read (off by default in parquet-mr). */
  public static final String VERIFY_CHECKSUMS = "parquet.page.verify-checksum.enabled";
  /** Hadoop configuration key of page checksums on write. */
  public static final String WRITE_CHECKSUMS = "parquet.page.write-checksum.enabled";

  private LocalParquet() {}

  public static <T> ParquetWriter<T> writer(Path file, Schema schema) throws IOException {
    return AvroParquetWriter.<T>builder(outputFile(file))
        .withSchema(schema)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withPageWriteChecksumEnabled(true)
        .build();
  }

  /** A writer of generic records whose logical-type fields hold plain longs and ints. */
  public static ParquetWriter<GenericRecord> genericWriter(Path file, Schema schema) throws IOException {
    return AvroParquetWriter.<GenericRecord>builder(outputFile(file))
        .withSchema(schema)
        .withDataModel(GenericData.get())
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withPageWriteChecksumEnabled(true)
        .build();
  }

  /** A reader of every column, with page checksums verified. */
  public static ParquetReader<GenericRecord> reader(Path file) throws IOException {
    return AvroParquetReader.<GenericRecord>builder(inputFile(file))
        .withConf(verifyingConf())
        .usePageChecksumVerification(true)
        .build();
  }

  /** A reader of only the projection's columns, as generic records without logical-type conversions. */
  public static ParquetReader<GenericRecord> reader(Path file, Schema projection) throws IOException {
    return projected(inputFile(file), projection).build();
  }

  /**
   * A reader of the projection's columns of the row groups whose midpoint lies in
   * {@code [start, end)} (byte offsets), page checksums verified.
   */
  public static ParquetReader<GenericRecord> reader(InputFile file, Schema projection, long start, long end)
      throws IOException {
    return projected(file, projection).withFileRange(start, end).build();
  }

  private static ParquetReader.Builder<GenericRecord> projected(InputFile file, Schema projection) {
    org.apache.hadoop.conf.Configuration conf = verifyingConf();
    org.apache.parquet.avro.AvroReadSupport.setRequestedProjection(conf, projection);
    org.apache.parquet.avro.AvroReadSupport.setAvroReadSchema(conf, projection);
    // withConf replaces the read options, so verification is asked for after it (and in conf).
    return AvroParquetReader.<GenericRecord>builder(file)
        .withDataModel(GenericData.get()).withConf(conf).usePageChecksumVerification(true);
  }

  private static org.apache.hadoop.conf.Configuration verifyingConf() {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    conf.setBoolean(VERIFY_CHECKSUMS, true);
    return conf;
  }

  /** A local file to write Parquet into (the writers here create it: an existing file is an error). */
  public static OutputFile outputFile(Path file) {
    return new OutputFile() {
      @Override
      public PositionOutputStream create(long blockSizeHint) throws IOException {
        return stream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
      }

      @Override
      public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return stream(Files.newOutputStream(file));
      }

      @Override
      public boolean supportsBlockSize() {
        return false;
      }

      @Override
      public long defaultBlockSize() {
        return 0;
      }
    };
  }

  /** Counts every byte written, whichever write method parquet calls. */
  private static PositionOutputStream stream(OutputStream raw) {
    OutputStream out = new java.io.BufferedOutputStream(raw, 1 << 16);
    return new PositionOutputStream() {
      private long pos;

      @Override
      public long getPos() {
        return pos;
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
        pos++;
      }

      @Override
      public void write(byte[] b) throws IOException {
        write(b, 0, b.length);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        pos += len;
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }

  public static InputFile inputFile(Path file) {
    return inputFile(() -> FileChannel.open(file, StandardOpenOption.READ), () -> Files.size(file));
  }

  /** Opens a fresh seekable channel on a file. */
  @FunctionalInterface
  public interface ChannelOpener {
    SeekableByteChannel open() throws IOException;
  }

  /** A file's length in bytes. */
  @FunctionalInterface
  public interface Length {
    long get() throws IOException;
  }

  /** A Parquet input over any seekable channel (a local file, or a Beam file system's). */
  public static InputFile inputFile(ChannelOpener opener, Length length) {
    return new InputFile() {
      @Override
      public long getLength() throws IOException {
        return length.get();
      }

      @Override
      public SeekableInputStream newStream() throws IOException {
        SeekableByteChannel ch = opener.open();
        return new DelegatingSeekableInputStream(Channels.newInputStream(ch)) {
          @Override
          public long getPos() throws IOException {
            return ch.position();
          }

          @Override
          public void seek(long newPos) throws IOException {
            ch.position(newPos);
          }
        };
      }
    };
  }
}
