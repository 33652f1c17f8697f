package io.privflow.release;

import io.privflow.bounding.BoundContributions;
import io.privflow.consistency.HierarchySpec;
import io.privflow.consistency.LevelCount;
import io.privflow.consistency.LevelMap;
import io.privflow.consistency.MakeConsistent;
import io.privflow.consistency.Table;
import io.privflow.model.BoundedContribution;
import io.privflow.model.DeviceTrajectory;
import io.privflow.model.NoisyCount;
import io.privflow.plan.Metric;
import io.privflow.plan.MetricPlan;
import io.privflow.plan.ReleasePlan;
import io.privflow.privacy.AddNoiseAndThreshold;
import io.privflow.privacy.CountReleaser;
import io.privflow.privacy.ReleaseMode;
import java.util.EnumMap;
import java.util.Map;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The stages of a release over a region hierarchy, per cell metric: its contributions are bounded
 * once, at the fine level; the same bounded contributions, mapped to their coarse cell and to their
 * window, are the coarse level's and the window totals'; each is noised as its own release with its
 * own share of the budget; then the consistency step makes every window's noisy tree consistent,
 * from the noisy values alone, and applies each level's threshold to the consistent values.
 */
final class HierarchyStages {
  private HierarchyStages() {}

  /** The noise stage of one level; tests replace it to check what the consistency step may see. */
  interface NoiseStage {
    PTransform<PCollection<BoundedContribution>, PCollection<NoisyCount>> of(MetricPlan level, ReleaseMode mode);
  }

  /**
   * The production noise of a level: in the full domain every cell's noisy value, negative ones
   * included (the threshold comes after consistency); in a partition selection the cells the
   * selection released (noisy value at least its threshold), and only those.
   */
  static final NoiseStage PRODUCTION = (m, mode) -> new AddNoiseAndThreshold(m.domain(),
      mode == ReleaseMode.PARTITION_SELECTION && !m.metric().isTotal() ? m.releaser()
          : CountReleaser.everyValue(m.releaser().mechanism()), mode);

  static void build(PCollection<DeviceTrajectory> trajectories, ReleasePlan plan) {
    for (Metric kind : new Metric[] {Metric.OD, Metric.PRESENCE}) {
      if (!plan.levelsOf(kind).isEmpty()) {
        Map<Table, PCollection<NoisyCount>> tables = consistent(trajectories, plan, kind, PRODUCTION);
        stage(plan, kind, tables);
      }
    }
  }

  /** Bound once, map to each level, noise each, make consistent: the published tables of one cell metric. */
  static Map<Table, PCollection<NoisyCount>> consistent(PCollection<DeviceTrajectory> trajectories, ReleasePlan plan,
      Metric kind, NoiseStage noise) {
    MetricPlan fine = plan.levelsOf(kind).get(0);
    MetricPlan coarse = plan.levelsOf(kind).get(1);
    MetricPlan totals = plan.totalsOf(kind);
    HierarchySpec spec = plan.hierarchySpec(kind);
    LevelMap map = spec.map();
    ReleaseMode mode = fine.mode();
    PCollection<BoundedContribution> bounded = trajectories.apply("Bound-" + kind.label(),
        BoundContributions.with(fine.bounder(), kind.label()));
    PCollectionList<NoisyCount> levels = PCollectionList
        .of(bounded.apply("Noise-" + fine.label(), noise.of(fine, mode)))
        .and(bounded
            .apply("ToCoarse-" + kind.label(), MapElements.into(TypeDescriptor.of(BoundedContribution.class))
                .via(c -> new BoundedContribution(map.parent(c.cell()))))
            .setCoder(BoundedContribution.CODER)
            .apply("Noise-" + coarse.label(), noise.of(coarse, mode)));
    if (totals != null) {
      levels = levels.and(bounded
          .apply("ToWindow-" + kind.label(), MapElements.into(TypeDescriptor.of(BoundedContribution.class))
              .via(c -> new BoundedContribution(map.fine().slotOf(c.cell()))))
          .setCoder(BoundedContribution.CODER)
          .apply("Noise-" + totals.label(), noise.of(totals, ReleaseMode.FULL_DOMAIN)));
    }
    PCollection<LevelCount> published = levels.apply("Consistent-" + kind.label(), new MakeConsistent(spec));
    Map<Table, PCollection<NoisyCount>> out = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      int tag = t.ordinal();
      out.put(t, published
          .apply("Only-" + kind.label() + "-" + t, Filter.by(c -> c.level() == tag))
          .apply("Cell-" + kind.label() + "-" + t, MapElements.into(TypeDescriptor.of(NoisyCount.class))
              .via(c -> new NoisyCount(c.cell(), c.count())))
          .setCoder(NoisyCount.CODER));
    }
    return out;
  }

  /** Stages each table under the name the publish step reads it by. */
  private static void stage(ReleasePlan plan, Metric kind, Map<Table, PCollection<NoisyCount>> tables) {
    MetricPlan fine = plan.levelsOf(kind).get(0);
    MetricPlan coarse = plan.levelsOf(kind).get(1);
    MetricPlan totals = plan.totalsOf(kind);
    boolean raw = plan.request().regions().hierarchy().rawNoisyTables();
    Map<Table, String> names = new EnumMap<>(Table.class);
    names.put(Table.FINE, fine.label());
    names.put(Table.COARSE, coarse.label());
    names.put(Table.COARSE_FINE_UNPUBLISHED, coarse.unpublishedLabel());
    if (totals != null) {
      names.put(Table.TOTAL, totals.label());
    }
    if (raw) {
      names.put(Table.FINE_RAW, fine.rawLabel());
      names.put(Table.COARSE_RAW, coarse.rawLabel());
      if (totals != null) {
        names.put(Table.TOTAL_RAW, totals.rawLabel());
      }
    }
    names.forEach((table, name) -> tables.get(table)
        .apply("Format-" + name, MapElements.into(TypeDescriptors.strings()).via(c -> c.cell() + "," + c.count()))
        .apply("Stage-" + name, TextIO.write().to(plan.noisyCellsDirectory().resolve(name).toString())
            .withSuffix(".csv")));
  }
}
