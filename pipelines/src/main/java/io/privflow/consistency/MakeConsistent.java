package io.privflow.consistency;

import io.privflow.model.NoisyCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * The consistency step of one cell metric as a Beam stage after the noise: the noisy counts of the
 * fine level, the coarse level and (optionally) the window totals, straight from the noise stage,
 * are grouped by window, and each window is made consistent by {@link WindowHierarchy} on one
 * worker. Emits every published value tagged with its {@link Table} (ordinal in
 * {@link LevelCount#level()}).
 *
 * <p>Its only inputs are the noise stage's outputs: collections of {@link NoisyCount}, which hold
 * noisy values, never a true count.
 */
public final class MakeConsistent extends PTransform<PCollectionList<NoisyCount>, PCollection<LevelCount>> {
  private final HierarchySpec spec;

  public MakeConsistent(HierarchySpec spec) {
    this.spec = spec;
  }

  /**
   * @param levels the noisy fine cells, the noisy coarse cells and, when the spec has totals, the
   *     noisy window totals, in that order
   */
  @Override
  public PCollection<LevelCount> expand(PCollectionList<NoisyCount> levels) {
    int expected = spec.hasTotals() ? 3 : 2;
    if (levels.size() != expected) {
      throw new IllegalArgumentException("the consistency step needs " + expected + " levels, not " + levels.size());
    }
    var kv = KvCoder.of(VarIntCoder.of(), LevelCount.CODER);
    List<PCollection<KV<Integer, LevelCount>>> tagged = new ArrayList<>();
    int[] tags = {LevelCount.FINE, LevelCount.COARSE, LevelCount.TOTAL};
    for (int i = 0; i < levels.size(); i++) {
      tagged.add(levels.get(i).apply("ByWindow" + i, ParDo.of(new ByWindowFn(spec, tags[i]))).setCoder(kv));
    }
    return PCollectionList.of(tagged)
        .apply("AllLevels", Flatten.pCollections())
        .apply("GroupByWindow", GroupByKey.create())
        .apply("Consistent", ParDo.of(new ConsistentFn(spec)))
        .setCoder(LevelCount.CODER);
  }

  private static final class ByWindowFn extends DoFn<NoisyCount, KV<Integer, LevelCount>> {
    private final HierarchySpec spec;
    private final int level;

    ByWindowFn(HierarchySpec spec, int level) {
      this.spec = spec;
      this.level = level;
    }

    @ProcessElement
    public void process(@Element NoisyCount c, OutputReceiver<KV<Integer, LevelCount>> out) {
      int slot = switch (level) {
        case LevelCount.FINE -> spec.map().fine().slotOf(c.cell());
        case LevelCount.COARSE -> spec.map().coarse().slotOf(c.cell());
        default -> (int) c.cell();
      };
      out.output(KV.of(slot, new LevelCount(level, c.cell(), c.count())));
    }
  }

  private static final class ConsistentFn extends DoFn<KV<Integer, Iterable<LevelCount>>, LevelCount> {
    private final HierarchySpec spec;

    ConsistentFn(HierarchySpec spec) {
      this.spec = spec;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<LevelCount>> window, OutputReceiver<LevelCount> out) {
      List<NoisyCount> fine = new ArrayList<>();
      List<NoisyCount> coarse = new ArrayList<>();
      NoisyCount total = null;
      for (LevelCount c : window.getValue()) {
        NoisyCount n = new NoisyCount(c.cell(), c.count());
        switch (c.level()) {
          case LevelCount.FINE -> fine.add(n);
          case LevelCount.COARSE -> coarse.add(n);
          default -> total = n;
        }
      }
      Map<Table, List<NoisyCount>> published = WindowHierarchy.solve(spec, window.getKey(), fine, coarse, total);
      published.forEach((table, cells) -> cells.forEach(
          c -> out.output(new LevelCount(table.ordinal(), c.cell(), c.count()))));
    }
  }
}
