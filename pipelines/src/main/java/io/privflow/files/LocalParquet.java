package io.privflow.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
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
 * Parquet files on the local file system through parquet-avro, without Hadoop's checksum file
 * system (which would leave {@code .crc} side files in a release directory).
 */
public final class LocalParquet {
  private LocalParquet() {}

  public static <T> ParquetWriter<T> writer(Path file, Schema schema) throws IOException {
    return AvroParquetWriter.<T>builder(output(file))
        .withSchema(schema)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .build();
  }

  /** A writer of generic records whose logical-type fields hold plain longs and ints. */
  public static ParquetWriter<GenericRecord> genericWriter(Path file, Schema schema) throws IOException {
    return AvroParquetWriter.<GenericRecord>builder(output(file))
        .withSchema(schema)
        .withDataModel(GenericData.get())
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .build();
  }

  public static ParquetReader<GenericRecord> reader(Path file) throws IOException {
    return AvroParquetReader.<GenericRecord>builder(inputFile(file)).build();
  }

  /** A reader of only the projection's columns, as generic records without logical-type conversions. */
  public static ParquetReader<GenericRecord> reader(Path file, Schema projection) throws IOException {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    org.apache.parquet.avro.AvroReadSupport.setRequestedProjection(conf, projection);
    org.apache.parquet.avro.AvroReadSupport.setAvroReadSchema(conf, projection);
    return AvroParquetReader.<GenericRecord>builder(inputFile(file))
        .withDataModel(GenericData.get()).withConf(conf).build();
  }

  static OutputFile output(Path file) {
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
    return new InputFile() {
      @Override
      public long getLength() throws IOException {
        return Files.size(file);
      }

      @Override
      public SeekableInputStream newStream() throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
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
