package io.privflow.accuracy;

import io.privflow.bounding.BoundContributions;
import io.privflow.bounding.ContributionBounder;
import io.privflow.files.FileTrees;
import io.privflow.ingest.InputCheck;
import io.privflow.ingest.InputKind;
import io.privflow.ingest.ReadInputs;
import io.privflow.locate.ReadAndLocate;
import io.privflow.model.BoundedContribution;
import io.privflow.model.DeviceTrajectory;
import io.privflow.plan.MetricPlan;
import io.privflow.plan.ReleasePlan;
import io.privflow.regions.CellHistory;
import io.privflow.regions.LocateCells;
import io.privflow.request.Inputs;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The exact counts of a request, computed once by the production stages in a Beam pipeline:
 * read, pseudonymise (with the policy's key), map to regions, locate per window, then per metric
 * bound each device's contributions with the plan's own bounder and count per cell, and count
 * again without the bound. Rejected records are dropped here (the release's rejection files and
 * reject-rate gate are not what is measured). The counts are staged in {@code scratch}, an
 * owner-only directory, read back and deleted: they never reach any other file.
 */
final class TruthPipeline {
  private TruthPipeline() {}

  /** The truth of every metric of the plan, and how many devices were located in at least one window. */
  record Truth(long devices, List<MetricTruth> metrics) {}

  static Truth compute(ReleasePlan plan, PipelineOptions options, Path scratch) throws IOException {
    Pipeline p = Pipeline.create(options);
    List<PCollection<String>> lines = new ArrayList<>();
    PCollection<DeviceTrajectory> trajectories = trajectories(p, plan);
    lines.add(trajectories.apply("Devices", Count.globally())
        .apply("FormatDevices", MapElements.into(TypeDescriptors.strings()).via(n -> "devices," + n)));
    for (int i = 0; i < plan.metrics().size(); i++) {
      MetricPlan m = plan.metrics().get(i);
      String name = m.metric().label();
      lines.add(counts(trajectories, m.bounder(), name, i, "b"));
      lines.add(counts(trajectories, new Unbounded(m.bounder()), name + "-unbounded", i, "u"));
    }
    Path staged = scratch.resolve("truth");
    PCollectionList.of(lines).apply("AllCounts", Flatten.pCollections())
        .apply("Stage", TextIO.write().to(staged.resolve("part").toString()).withSuffix(".csv"));
    PipelineResult.State state = p.run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new AccuracyException("the pipeline of the true counts ended in state " + state);
    }
    try {
      return read(plan, staged);
    } finally {
      FileTrees.delete(staged);
    }
  }

  /** The release's stages up to the trajectories, wired as the release pipeline wires them. */
  private static PCollection<DeviceTrajectory> trajectories(Pipeline p, ReleasePlan plan) throws IOException {
    Inputs in = plan.request().inputs();
    List<String> network = expand(InputKind.NETWORK_EVENTS, in.networkEvents());
    List<String> gps = expand(InputKind.GPS_EVENTS, in.gpsEvents());
    List<String> cellFiles = expand(InputKind.CELLS, in.cells());
    PCollectionView<Map<String, CellHistory>> cells = cellFiles.isEmpty()
        ? p.apply("NoCells", Create.empty(KvCoder.of(StringUtf8Coder.of(), CellHistory.CODER)))
            .apply("NoCellsView", View.<String, CellHistory>asMap())
        : p.apply("ReadCells", ReadInputs.cells(cellFiles)).accepted()
            .apply("LocateCells", new LocateCells(plan.regions(), plan.mapping()));
    return p.apply("ReadAndLocate", new ReadAndLocate(network, gps, plan.windows(), plan.regions(), plan.keyFile(),
        cells, plan.mapping()).withHomes(plan.nights())).accepted();
  }

  /** Lines "metricIndex,kind,cell,count" for every cell with contributions. */
  private static PCollection<String> counts(PCollection<DeviceTrajectory> trajectories, ContributionBounder bounder,
      String name, int index, String kind) {
    return trajectories
        .apply("Bound-" + name, BoundContributions.with(bounder, name))
        .apply("Cell-" + name, MapElements.into(TypeDescriptors.longs()).via(BoundedContribution::cell))
        .apply("Count-" + name, Count.perElement())
        .apply("Format-" + name, MapElements.into(TypeDescriptors.strings())
            .via(kv -> index + "," + kind + "," + kv.getKey() + "," + kv.getValue()));
  }

  private static List<String> expand(InputKind kind, List<String> patterns) throws IOException {
    return InputCheck.check(kind, patterns).stream().map(Path::toString).toList();
  }

  private static Truth read(ReleasePlan plan, Path staged) throws IOException {
    long devices = 0;
    Map<Integer, int[][]> counts = new LinkedHashMap<>();
    for (int i = 0; i < plan.metrics().size(); i++) {
      int size = Math.toIntExact(plan.metrics().get(i).domain().size());
      counts.put(i, new int[][] {new int[size], new int[size]});
    }
    List<Path> parts;
    try (Stream<Path> s = Files.list(staged)) {
      parts = s.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
    }
    for (Path f : parts) {
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          String[] v = line.split(",");
          if (v[0].equals("devices")) {
            devices += Long.parseLong(v[1]);
            continue;
          }
          int[][] c = counts.get(Integer.parseInt(v[0]));
          c[v[1].equals("b") ? 0 : 1][Math.toIntExact(Long.parseLong(v[2]))] = Math.toIntExact(Long.parseLong(v[3]));
        }
      }
    }
    List<MetricTruth> metrics = new ArrayList<>();
    counts.forEach((i, c) -> {
      MetricPlan m = plan.metrics().get(i);
      metrics.add(new MetricTruth(m.metric().label(), m.domain(), c[0], c[1]));
    });
    return new Truth(devices, metrics);
  }

  /** The plan's candidate cells with no cap: every device contributes everything it did. */
  record Unbounded(ContributionBounder inner) implements ContributionBounder {
    @Override
    public long[] candidates(DeviceTrajectory trajectory) {
      return inner.candidates(trajectory);
    }

    @Override
    public int max() {
      return Integer.MAX_VALUE;
    }
  }
}
