package io.privflow.ingest;

import io.privflow.files.LocalParquet;
import io.privflow.model.Coders;
import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.InputFile;

/**
 * The unit of Parquet reading: one row group of one file, with the record number its first row
 * has in the file. Listing the row groups from the footer and reading each on its own keeps a
 * large file readable in parallel (as ParquetIO's split reading did) while every row still knows
 * its file and record number, which ParquetIO does not say.
 *
 * @param index position of the row group in the file
 * @param firstRecord 1-based record number of its first row
 * @param rows number of rows the footer promises
 * @param start byte offset of its first column chunk
 * @param length its compressed size in bytes
 */
record ParquetRowGroups(int index, long firstRecord, long rows, long start, long length) {
  static final Coder<ParquetRowGroups> CODER = Coders.of(ParquetRowGroups.class,
      (g, out) -> {
        Coders.writeVarLong(out, g.index);
        Coders.writeVarLong(out, g.firstRecord);
        Coders.writeVarLong(out, g.rows);
        Coders.writeVarLong(out, g.start);
        Coders.writeVarLong(out, g.length);
      },
      in -> new ParquetRowGroups((int) Coders.readVarLong(in), Coders.readVarLong(in), Coders.readVarLong(in),
          Coders.readVarLong(in), Coders.readVarLong(in)));

  /** A Parquet input over a matched file, through Beam's file system (never decompressed). */
  static InputFile input(FileIO.ReadableFile file) {
    return LocalParquet.inputFile(file::openSeekable, () -> file.getMetadata().sizeBytes());
  }

  /** The file's full name, for messages that fail the run (a path, never a value). */
  static String path(FileIO.ReadableFile file) {
    return file.getMetadata().resourceId().toString();
  }

  /** Emits each non-empty row group of a file, read from its footer. */
  static final class ListFn extends DoFn<FileIO.ReadableFile, KV<FileIO.ReadableFile, ParquetRowGroups>> {
    @ProcessElement
    public void process(@Element FileIO.ReadableFile file,
        OutputReceiver<KV<FileIO.ReadableFile, ParquetRowGroups>> out) {
      List<BlockMetaData> blocks;
      try (ParquetFileReader r = ParquetFileReader.open(input(file))) {
        blocks = r.getFooter().getBlocks();
      } catch (IOException | RuntimeException e) {
        throw new InputFormatException(path(file) + ": not a readable Parquet file", e);
      }
      long first = 1;
      for (int i = 0; i < blocks.size(); i++) {
        BlockMetaData b = blocks.get(i);
        if (b.getRowCount() > 0) {
          out.output(KV.of(file,
              new ParquetRowGroups(i, first, b.getRowCount(), b.getStartingPos(), b.getCompressedSize())));
        }
        first += b.getRowCount();
      }
    }
  }
}
