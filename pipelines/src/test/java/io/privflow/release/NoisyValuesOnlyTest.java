package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.privflow.consistency.Table;
import io.privflow.model.BoundedContribution;
import io.privflow.model.DeviceTrajectory;
import io.privflow.model.NoisyCount;
import io.privflow.model.Pseudonym;
import io.privflow.plan.Metric;
import io.privflow.plan.MetricPlan;
import io.privflow.plan.NoiseCalibration;
import io.privflow.plan.ReleasePlan;
import io.privflow.plan.ReleasePlanner;
import io.privflow.privacy.CellDomain;
import io.privflow.privacy.OdDomain;
import io.privflow.privacy.ReleaseMode;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import io.privflow.testing.TestPipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consistency step uses noisy values only. The production stages of a hierarchy (bound once,
 * map to each level, consistency, thresholds) run on two neighbouring datasets D and D' = D plus
 * one device, with a test noise stage whose noisy values are fixed per cell, so that both datasets
 * give the consistency step the same noisy values: then every published table must be the same,
 * byte for byte. In a partition selection the device's cells are empty in D and their fixed noisy
 * values stay below the selection threshold, so the selection releases the same cells for both.
 *
 * <p>Negative controls, each caught: a partition selection that lets every noised candidate cell
 * into the consistency step (which cells hold devices is a function of the true counts), and a
 * post-processing that zeroes cells whose true count is 0.
 */
class NoisyValuesOnlyTest {
  @TempDir Path dir;

  /** Published values per run and table: "cell=value" strings, sorted. */
  static final Map<String, Set<String>> PUBLISHED = new ConcurrentHashMap<>();

  private ReleasePlan plan(boolean selection) throws Exception {
    // Four fine regions in two parents: f1, f2 in P; f3, f4 in Q.
    StringBuilder features = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      features.append(i == 0 ? "" : ",").append("{\"type\":\"Feature\",\"properties\":{\"id\":\"f").append(i + 1)
          .append("\",\"up\":\"").append(i < 2 ? "P" : "Q").append("\"},\"geometry\":{\"type\":\"Polygon\","
              + "\"coordinates\":[[[").append(i).append(",0],[").append(i + 1).append(",0],[").append(i + 1)
          .append(",1],[").append(i).append(",1],[").append(i).append(",0]]]}}");
    }
    Path regions = dir.resolve("four.geojson");
    Files.writeString(regions, "{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}");
    RequestYaml y = RequestYaml.tiny().regionsFile(regions).hierarchy("up", null, "fine", "0.2", "coarse", "0.8")
        .maxTransitions(10).odShare("0.8").total("0.2");
    if (selection) {
      y.partitionSelection("1").remove("privacy.min_count");
    } else {
      y.minCount(3);
    }
    return new ReleasePlanner(w -> {}, NoiseCalibration.exact()).plan(RequestParser.parse(y.write(dir)),
        selection ? Fixtures.zcdpPolicy(dir, "4", "0.000001") : Fixtures.policy(dir));
  }

  private static DeviceTrajectory device(int id, int[] regions) {
    byte[] b = new byte[16];
    b[0] = (byte) id;
    b[1] = (byte) (id >> 8);
    int[] windows = new int[regions.length];
    for (int i = 0; i < windows.length; i++) {
      windows[i] = i;
    }
    return new DeviceTrajectory(Pseudonym.fromBytes(b), windows, regions);
  }

  /** D: 40 devices f1 -> f2 -> f2 and 40 devices f3 -> f3 -> f1. D' adds one device f4 -> f4 -> f4. */
  private static List<DeviceTrajectory> dataset(boolean plusOne) {
    List<DeviceTrajectory> d = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      d.add(device(i, new int[] {0, 1, 1}));
      d.add(device(100 + i, new int[] {2, 2, 0}));
    }
    if (plusOne) {
      d.add(device(999, new int[] {3, 3, 3}));
    }
    return d;
  }

  /**
   * A test noise stage: each cell's noisy value is fixed (its value in {@code fixed}, else 30 for
   * cells D fills and 2 for the rest), whatever its true count; in a partition selection only cells
   * holding a contribution can be released, when their fixed value reaches the threshold (or
   * always, with {@code leakCandidates}: the planted error, at the fine level).
   */
  static final class FixedNoise extends PTransform<PCollection<BoundedContribution>, PCollection<NoisyCount>> {
    private final CellDomain domain;
    private final boolean selection;
    private final long threshold;
    private final boolean leakCandidates;
    private final Map<Long, Long> fixed;

    FixedNoise(MetricPlan m, ReleaseMode mode, boolean leakCandidates, Map<Long, Long> fixed) {
      this.domain = m.domain();
      this.selection = mode == ReleaseMode.PARTITION_SELECTION && !m.metric().isTotal();
      this.threshold = m.threshold().value();
      this.leakCandidates = leakCandidates;
      this.fixed = fixed;
    }

    @Override
    public PCollection<NoisyCount> expand(PCollection<BoundedContribution> in) {
      var kv = KvCoder.of(VarLongCoder.of(), VarLongCoder.of());
      PCollection<KV<Long, Long>> ones = in.apply(ParDo.of(new DoFn<BoundedContribution, KV<Long, Long>>() {
        @ProcessElement
        public void process(@Element BoundedContribution c, OutputReceiver<KV<Long, Long>> out) {
          out.output(KV.of(c.cell(), 1L));
        }
      })).setCoder(kv);
      List<KV<Long, Long>> zeros = new ArrayList<>();
      for (long c = 0; c < domain.size(); c++) {
        zeros.add(KV.of(c, 0L));
      }
      PCollection<KV<Long, Long>> all = PCollectionList.of(ones)
          .and(in.getPipeline().apply(Create.of(zeros).withCoder(kv)))
          .apply(Flatten.pCollections());
      boolean sel = selection;
      long tau = threshold;
      boolean leak = leakCandidates;
      Map<Long, Long> values = fixed;
      return all.apply(Sum.longsPerKey()).apply(ParDo.of(new DoFn<KV<Long, Long>, NoisyCount>() {
        @ProcessElement
        public void process(@Element KV<Long, Long> cell, OutputReceiver<NoisyCount> out) {
          long noisy = values.getOrDefault(cell.getKey(), 2L);
          if (!sel || (cell.getValue() > 0 && (noisy >= tau || leak))) {
            out.output(new NoisyCount(cell.getKey(), noisy));
          }
        }
      })).setCoder(NoisyCount.CODER);
    }
  }

  /** Records a table's published values under {@code run}. */
  private static void record(PCollection<NoisyCount> table, String run) {
    table.apply("Record-" + run, ParDo.of(new DoFn<NoisyCount, Void>() {
      @ProcessElement
      public void process(@Element NoisyCount c) {
        PUBLISHED.computeIfAbsent(run, k -> new java.util.concurrent.ConcurrentSkipListSet<>())
            .add(c.cell() + "=" + c.count());
      }
    }));
  }

  /**
   * Runs D and D' through the production hierarchy stages with the fixed noise; returns, per table,
   * whether D and D' published the same values. {@code zeroTrueEmpty} plants a post-processing that
   * zeroes published fine cells whose true count is 0.
   */
  private List<Table> differingTables(ReleasePlan plan, boolean leakCandidates, boolean zeroTrueEmpty,
      Map<Long, Long> fixedFine, Map<Long, Long> fixedCoarse) {
    PUBLISHED.clear();
    Pipeline p = TestPipelines.create();
    MetricPlan fine = plan.levelsOf(Metric.OD).get(0);
    for (boolean plusOne : new boolean[] {false, true}) {
      String side = plusOne ? "D'" : "D";
      PCollection<DeviceTrajectory> t = p.apply("Devices-" + side, Create.of(dataset(plusOne))
          .withCoder(DeviceTrajectory.CODER));
      Map<Table, PCollection<NoisyCount>> tables = HierarchyStages.consistent(t, plan, Metric.OD, (m, mode) ->
          new FixedNoise(m, mode, leakCandidates && m == fine, m == fine ? fixedFine : m.metric().isTotal()
              ? Map.of(0L, 100L, 1L, 100L) : fixedCoarse));
      for (Table table : List.of(Table.FINE, Table.COARSE, Table.COARSE_FINE_UNPUBLISHED, Table.TOTAL)) {
        PCollection<NoisyCount> out = tables.get(table);
        if (zeroTrueEmpty && table == Table.FINE) {
          out = zeroWhereTrulyEmpty(t, fine, out, side);
        }
        record(out, table + "/" + side);
      }
    }
    p.run().waitUntilFinish();
    List<Table> differing = new ArrayList<>();
    for (Table table : List.of(Table.FINE, Table.COARSE, Table.COARSE_FINE_UNPUBLISHED, Table.TOTAL)) {
      Set<String> a = new TreeSet<>(PUBLISHED.getOrDefault(table + "/D", Set.of()));
      Set<String> b = new TreeSet<>(PUBLISHED.getOrDefault(table + "/D'", Set.of()));
      if (!a.equals(b)) {
        differing.add(table);
      }
    }
    return differing;
  }

  /** The planted error: a clean-up that sets a published fine cell to 0 when no device is in it. */
  private static PCollection<NoisyCount> zeroWhereTrulyEmpty(PCollection<DeviceTrajectory> t, MetricPlan fine,
      PCollection<NoisyCount> published, String side) {
    PCollectionView<Map<Long, Long>> truth = t
        .apply("Truth-" + side, ParDo.of(new DoFn<DeviceTrajectory, KV<Long, Long>>() {
          @ProcessElement
          public void process(@Element DeviceTrajectory d, OutputReceiver<KV<Long, Long>> out) {
            for (long c : fine.bounder().candidates(d)) {
              out.output(KV.of(c, 1L));
            }
          }
        }))
        .setCoder(KvCoder.of(VarLongCoder.of(), VarLongCoder.of()))
        .apply("TruthSum-" + side, Sum.longsPerKey())
        .apply("TruthView-" + side, View.asMap());
    return published.apply("Planted-" + side, ParDo.of(new DoFn<NoisyCount, NoisyCount>() {
      @ProcessElement
      public void process(@Element NoisyCount c, ProcessContext ctx) {
        long trueCount = ctx.sideInput(truth).getOrDefault(c.cell(), 0L);
        ctx.output(trueCount == 0 ? new NoisyCount(c.cell(), 0) : c);
      }
    }).withSideInputs(truth)).setCoder(NoisyCount.CODER);
  }

  /**
   * Fixed noisy values: 30 on the cells D fills (f1 -> f2, f2 -> f2, f3 -> f3, f3 -> f1), 2 elsewhere;
   * the window totals are 100.
   */
  private static Map<Long, Long> busy(OdDomain d) {
    Map<Long, Long> m = new java.util.HashMap<>();
    for (long c : new long[] {d.cell(0, 0, 1), d.cell(1, 1, 1), d.cell(0, 2, 2), d.cell(1, 2, 0)}) {
      m.put(c, 30L);
    }
    return m;
  }

  @Test
  void fullDomainTablesDependOnNoisyValuesOnly() throws Exception {
    ReleasePlan plan = plan(false);
    OdDomain fine = (OdDomain) plan.levelsOf(Metric.OD).get(0).domain();
    OdDomain coarse = (OdDomain) plan.levelsOf(Metric.OD).get(1).domain();
    Map<Long, Long> coarseValues = Map.of(coarse.cell(0, 0, 0), 33L, coarse.cell(0, 1, 1), 48L,
        coarse.cell(1, 0, 0), 31L, coarse.cell(1, 1, 0), 29L);
    Map<Long, Long> fineValues = busy(fine);
    fineValues.put(fine.cell(0, 3, 3), 20L); // f4 -> f4: empty in D, filled in D'
    assertEquals(List.of(), differingTables(plan, false, false, fineValues, coarseValues));
    // The planted clean-up: D''s device is in f4 -> f4, a published cell that D's run zeroes and D''s keeps.
    assertNotEquals(List.of(), differingTables(plan, false, true, fineValues, coarseValues),
        "a post-processing that reads true counts was not caught");
  }

  @Test
  void aPartitionSelectionFeedsOnlySelectedCellsToTheConsistencyStep() throws Exception {
    ReleasePlan plan = plan(true);
    MetricPlan fineLevel = plan.levelsOf(Metric.OD).get(0);
    MetricPlan coarseLevel = plan.levelsOf(Metric.OD).get(1);
    long tauFine = fineLevel.threshold().value();
    long tauCoarse = coarseLevel.threshold().value();
    assertEquals(true, tauCoarse < tauFine - 1, "the coarse level's larger share gives it a lower threshold");
    OdDomain fine = (OdDomain) fineLevel.domain();
    OdDomain coarse = (OdDomain) coarseLevel.domain();
    Map<Long, Long> fineValues = busy(fine);
    // D''s device fills f4 -> f4 (in Q -> Q) on both slots, just below the fine threshold; on slot 1,
    // where D has no device in Q -> Q, the coarse cell's value is below its threshold too (the
    // default 2), so the selection releases nothing of that device.
    fineValues.put(fine.cell(0, 3, 3), tauFine - 1);
    fineValues.put(fine.cell(1, 3, 3), tauFine - 1);
    Map<Long, Long> coarseValues = Map.of(coarse.cell(0, 0, 0), 33L, coarse.cell(0, 1, 1), 28L,
        coarse.cell(1, 0, 0), 31L, coarse.cell(1, 1, 0), 29L);
    assertEquals(List.of(), differingTables(plan, false, false, fineValues, coarseValues));
    // Planted: the fine level's noised candidates all enter; on slot 1 f4 -> f4 then makes Q -> Q a
    // coarse cell of value tauFine - 1, above the coarse threshold: published for D' only.
    assertNotEquals(List.of(), differingTables(plan, true, false, fineValues, coarseValues),
        "candidate cells that the selection did not release reached the consistency step unnoticed");
  }
}
