package io.privflow.ingest;

import io.privflow.files.LocalParquet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.InputFile;

/**
 * A Parquet file as units that can be read in parallel: its row groups, each with the record
 * number its first row has in the file (ParquetIO's split reading does not say it).
 */
final class ParquetSplits {
  private ParquetSplits() {}

  /** A Parquet input over a matched file, through Beam's file system (never decompressed). */
  static InputFile input(FileIO.ReadableFile file) {
    return LocalParquet.inputFile(file::openSeekable, () -> file.getMetadata().sizeBytes());
  }

  /** The file's full name, for messages that fail the run (a path, never a value). */
  static String path(FileIO.ReadableFile file) {
    return file.getMetadata().resourceId().toString();
  }

  /** Every non-empty row group of a file, read from its footer. */
  static List<InputSplit> list(InputKind kind, FileIO.ReadableFile file) {
    List<BlockMetaData> blocks;
    try (ParquetFileReader r = ParquetFileReader.open(input(file))) {
      blocks = r.getFooter().getBlocks();
    } catch (IOException | RuntimeException e) {
      throw unreadable(file, e);
    }
    List<InputSplit> out = new ArrayList<>();
    long first = 1;
    for (int i = 0; i < blocks.size(); i++) {
      BlockMetaData b = blocks.get(i);
      if (b.getRowCount() > 0) {
        out.add(InputSplit.rowGroup(kind, i, first, b.getRowCount(), b.getStartingPos(), b.getCompressedSize()));
      }
      first += b.getRowCount();
    }
    return out;
  }

  static InputFormatException unreadable(FileIO.ReadableFile file, Throwable cause) {
    return new InputFormatException(path(file) + ": not a readable Parquet file", cause);
  }

  /**
   * A damaged file fails the run: a page whose checksum does not match, a page that cannot be
   * decoded, or fewer rows than the footer promises. A damaged page could still decode into other
   * plausible values (a flipped bit in a dictionary index moves an event to another cell), so no
   * row of such a file can be trusted, and rejecting rows one by one would hide that.
   */
  static InputFormatException damaged(FileIO.ReadableFile file, Throwable cause) {
    return new InputFormatException(path(file) + ": the Parquet file is damaged (a page checksum"
        + " does not match, a page cannot be decoded, or rows are missing); no record of it can be trusted", cause);
  }
}
