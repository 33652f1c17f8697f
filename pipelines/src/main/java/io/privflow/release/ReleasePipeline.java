package io.privflow.release;

import io.privflow.bounding.BoundContributions;
import io.privflow.ingest.ReadInputs;
import io.privflow.locate.ReadAndLocate;
import io.privflow.model.DeviceTrajectory;
import io.privflow.plan.MetricPlan;
import io.privflow.plan.ReleasePlan;
import io.privflow.privacy.AddNoiseAndThreshold;
import io.privflow.regions.CellHistory;
import io.privflow.regions.LocateCells;
import io.privflow.rejects.Rejection;
import io.privflow.rejects.StageResult;
import io.privflow.rejects.Tallies;
import io.privflow.rejects.WriteRejections;
import io.privflow.request.Inputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Wires the stages of an origin-destination release:
 * read → pseudonymise → map to regions → locate per window (trajectories), fused into one step
 * ({@link ReadAndLocate}) → bound → noise and threshold, per metric → staged noisy cells;
 * rejections from every stage go to the custodian-only directory.
 */
public final class ReleasePipeline {
  private ReleasePipeline() {}

  /**
   * Stages each metric's released cells for the driver to format and publish.
   *
   * @param in the input files to read: the run's pinned list, not the request's patterns
   */
  public static void build(Pipeline p, ReleasePlan plan, Inputs in) {
    Books books = new Books();
    PCollectionView<Map<String, CellHistory>> cells = in.cells().isEmpty()
        ? p.apply("NoCells", Create.empty(KvCoder.of(StringUtf8Coder.of(), CellHistory.CODER)))
            .apply("NoCellsView", View.<String, CellHistory>asMap())
        : books.keep(p.apply("ReadCells", ReadInputs.cells(in.cells())))
            .apply("LocateCells", new LocateCells(plan.regions(), plan.mapping()));

    // Read, pseudonymise, place and tally per device in one step: no event leaves it (see ReadAndLocate).
    PCollection<DeviceTrajectory> trajectories = books.keep(p.apply("ReadAndLocate",
        new ReadAndLocate(in.networkEvents(), in.gpsEvents(), plan.windows(), plan.regions(), plan.keyFile(), cells,
            plan.mapping()).withHomes(plan.nights())));

    if (plan.levels() != null) {
      HierarchyStages.build(trajectories, plan);
      books.close(p, plan);
      return;
    }
    for (MetricPlan m : plan.metrics()) {
      String name = m.metric().label();
      trajectories
          .apply("Bound-" + name, BoundContributions.with(m.bounder(), name))
          .apply("AddNoiseAndThreshold-" + name, new AddNoiseAndThreshold(m.domain(), m.releaser(), m.mode()))
          .apply("Format-" + name, MapElements.into(TypeDescriptors.strings()).via(c -> c.cell() + "," + c.count()))
          .apply("Stage-" + name, TextIO.write()
              .to(plan.noisyCellsDirectory().resolve(name).toString()).withSuffix(".csv"));
    }
    books.close(p, plan);
  }

  /** Every stage's rejections and tallies, gathered as the stages are wired. */
  private static final class Books {
    private final List<PCollection<Rejection>> rejections = new ArrayList<>();
    private final List<PCollection<KV<String, Long>>> tallies = new ArrayList<>();

    /** The stage's accepted records; its rejections and tallies go into the books. */
    <T> PCollection<T> keep(StageResult<T> stage) {
      rejections.add(stage.rejected());
      tallies.add(stage.tallies());
      return stage.accepted();
    }

    /** Writes the rejections (custodian-only) and stages the summed tallies the run reconciles. */
    void close(Pipeline p, ReleasePlan plan) {
      PCollection<Rejection> all = PCollectionList.of(rejections)
          .apply("AllRejections", Flatten.pCollections())
          .setCoder(Rejection.CODER);
      all.apply("Rejections", new WriteRejections(plan.rejectedDirectory().toString()));
      tallies.add(all
          .apply("TallyRejections", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
              .via(r -> KV.of(r.counterName(), 1L)))
          .setCoder(Tallies.CODER));
      // The reconciliation figures, as data: exact on every runner (see Tallies).
      PCollectionList.of(tallies)
          .apply("AllTallies", Flatten.pCollections())
          .apply("SumTallies", Sum.longsPerKey())
          .apply("FormatTallies", MapElements.into(TypeDescriptors.strings()).via(kv -> kv.getKey() + "," + kv.getValue()))
          .apply("StageTallies", TextIO.write().to(plan.talliesDirectory().resolve("tallies").toString())
              .withSuffix(".csv"));
    }
  }
}
