package io.privflow.privacy;

import io.privflow.model.BoundedContribution;
import io.privflow.model.NoisyCount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Counts and noises every cell of a public domain, zero cells included, without one shuffled
 * record per cell: the domain is cut into chunks of consecutive cells ({@link #chunkCellsFor}); the
 * contributions are counted per chunk within each bundle (in-mapper combining) and the partial
 * counts of a chunk merged; every chunk of the domain then gets one record (its counts, or none).
 * The worker that noises a chunk releases each cell with contributions by the per-cell rule
 * ({@link CountReleaser}). Its zero cells, under a threshold, are released by sampling
 * ({@link ZeroCellSampler}): how many pass, which, and their values, with exactly the law of one
 * independent draw per zero cell, at a cost of about n0/32 generator longs instead of n0 draws.
 * Without a threshold ({@link CountReleaser#everyValue}) every zero cell still gets its own draw.
 * Cells are emitted in cell order either way, so the order reveals nothing about which were zero.
 */
final class NoiseDomain extends PTransform<PCollection<BoundedContribution>, PCollection<NoisyCount>> {
  /** Cells per chunk of a small domain: one worker's noise draws for a chunk take well under a second. */
  static final long CHUNK_CELLS = 1 << 16;

  /**
   * Most chunks of a domain: the chunk list is part of the pipeline graph, so a grid domain of
   * 10^10 cells gets chunks of 2^19 cells (19,074 of them) rather than 152,588 of 2^16.
   */
  static final long MAX_CHUNKS = 1 << 15;

  /** Chunk offsets are ints. */
  static final long MAX_CHUNK_CELLS = 1 << 30;

  private static final KvCoder<Long, CellCounts> CHUNK_CODER = KvCoder.of(VarLongCoder.of(), CellCounts.CODER);

  private final CellDomain domain;
  private final CountReleaser releaser;
  private final long chunkCells;

  NoiseDomain(CellDomain domain, CountReleaser releaser) {
    this(domain, releaser, chunkCellsFor(domain.size()));
  }

  /**
   * {@link #CHUNK_CELLS}, doubled until the domain has at most {@link #MAX_CHUNKS} chunks (up to
   * {@link #MAX_CHUNK_CELLS}).
   */
  static long chunkCellsFor(long domainCells) {
    long cells = CHUNK_CELLS;
    while (cells < MAX_CHUNK_CELLS && (domainCells + cells - 1) / cells > MAX_CHUNKS) {
      cells <<= 1;
    }
    return cells;
  }

  /** With chunks of another size (tests cut a small domain into several). */
  NoiseDomain(CellDomain domain, CountReleaser releaser, long chunkCells) {
    if (chunkCells <= 0 || chunkCells > MAX_CHUNK_CELLS) {
      throw new IllegalArgumentException("chunk size out of range");
    }
    this.domain = domain;
    this.releaser = releaser;
    this.chunkCells = chunkCells;
  }

  @Override
  public PCollection<NoisyCount> expand(PCollection<BoundedContribution> contributions) {
    PCollection<KV<Long, CellCounts>> counted = contributions
        .apply("CountPerChunk", ParDo.of(new CountFn(chunkCells)))
        .setCoder(CHUNK_CODER);
    List<KV<Long, CellCounts>> every = new ArrayList<>();
    for (long c = 0; c * chunkCells < domain.size(); c++) {
      every.add(KV.of(c, new CellCounts()));
    }
    PCollection<KV<Long, CellCounts>> chunks = contributions.getPipeline()
        .apply("EveryChunk", Create.of(every).withCoder(CHUNK_CODER));
    return PCollectionList.of(counted).and(chunks)
        .apply("WithDomain", Flatten.pCollections())
        .apply("MergeCounts", Combine.perKey(new MergeFn()))
        .setCoder(CHUNK_CODER)
        .apply("NoiseEveryCell", ParDo.of(new NoiseChunkFn(domain, releaser, chunkCells)))
        .setCoder(NoisyCount.CODER);
  }

  /**
   * Counts contributions per chunk for the whole bundle, emitted at its end, or once the counts hold
   * {@link #MAX_CELLS} cells, to bound memory.
   */
  private static final class CountFn extends DoFn<BoundedContribution, KV<Long, CellCounts>> {
    static final int MAX_CELLS = 1 << 22;
    private final long chunkCells;
    private transient Map<Long, CellCounts> chunks;
    private transient long cells;

    CountFn(long chunkCells) {
      this.chunkCells = chunkCells;
    }

    @StartBundle
    public void startBundle() {
      chunks = new HashMap<>();
      cells = 0;
    }

    @ProcessElement
    public void process(@Element BoundedContribution c, OutputReceiver<KV<Long, CellCounts>> out) {
      long chunk = c.cell() / chunkCells;
      CellCounts counts = chunks.computeIfAbsent(chunk, k -> new CellCounts());
      int before = counts.size();
      counts.add((int) (c.cell() - chunk * chunkCells), 1);
      cells += counts.size() - before;
      if (cells >= MAX_CELLS) {
        chunks.forEach((k, v) -> out.output(KV.of(k, v)));
        chunks = new HashMap<>();
        cells = 0;
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      chunks.forEach((k, v) -> c.output(KV.of(k, v), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE));
      chunks = null;
    }
  }

  private static final class MergeFn extends Combine.CombineFn<CellCounts, CellCounts, CellCounts> {
    @Override
    public CellCounts createAccumulator() {
      return new CellCounts();
    }

    @Override
    public CellCounts addInput(CellCounts acc, CellCounts input) {
      acc.addAll(input);
      return acc;
    }

    @Override
    public CellCounts mergeAccumulators(Iterable<CellCounts> accs) {
      CellCounts merged = new CellCounts();
      accs.forEach(merged::addAll);
      return merged;
    }

    @Override
    public CellCounts extractOutput(CellCounts acc) {
      return acc;
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<CellCounts> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, org.apache.beam.sdk.coders.Coder<CellCounts> input) {
      return CellCounts.CODER;
    }
  }

  /**
   * Releases every cell of a chunk. The samplers are created in {@code @Setup}: each deserialised
   * copy (one per worker thread) seeds its own generators, never a shared or serialised one.
   * Package-private for that test.
   */
  static final class NoiseChunkFn extends DoFn<KV<Long, CellCounts>, NoisyCount> {
    private final CellDomain domain;
    private final CountReleaser releaser;
    private final long chunkCells;
    private transient NoiseSampler sampler;
    private transient ZeroCellSampler zeroCells;

    NoiseChunkFn(CellDomain domain, CountReleaser releaser, long chunkCells) {
      this.domain = domain;
      this.releaser = releaser;
      this.chunkCells = chunkCells;
    }

    @Setup
    public void setup() {
      sampler = releaser.mechanism().newSampler();
      zeroCells = releaser.thresholded() ? releaser.mechanism().zeroCellSampler(releaser.minCount()) : null;
    }

    @ProcessElement
    public void process(@Element KV<Long, CellCounts> chunk, OutputReceiver<NoisyCount> out) {
      long first = chunk.getKey() * chunkCells;
      int cells = (int) (Math.min(first + chunkCells, domain.size()) - first);
      CellCounts counts = chunk.getValue();
      if (zeroCells == null) {
        for (int offset = 0; offset < cells; offset++) {
          emit(first + offset, counts.get(offset), out);
        }
        return;
      }
      int[] held = heldBelow(counts.cells(), cells);
      ZeroCellSampler.Released zeros = zeroCells.release(cells - held.length);
      // The i-th zero cell sits at offset i + (cells held before it); walk both lists in order.
      int next = 0;
      int[] indices = zeros.indices();
      for (int z = 0; z < indices.length; z++) {
        int offset = indices[z] + next;
        while (next < held.length && held[next] <= offset) {
          emit(first + held[next], counts.get(held[next]), out);
          next++;
          offset++;
        }
        out.output(new NoisyCount(first + offset, zeros.values()[z]));
      }
      for (; next < held.length; next++) {
        emit(first + held[next], counts.get(held[next]), out);
      }
    }

    private void emit(long cell, long count, OutputReceiver<NoisyCount> out) {
      long value = releaser.release(count, sampler);
      if (value != CountReleaser.SUPPRESSED) {
        out.output(new NoisyCount(cell, value));
      }
    }

    /** The ascending offsets held that lie in the chunk (the others are outside the domain). */
    private static int[] heldBelow(int[] held, int cells) {
      int n = 0;
      while (n < held.length && held[n] < cells) {
        n++;
      }
      return n == held.length ? held : java.util.Arrays.copyOf(held, n);
    }
  }
}
