package io.privflow.privacy;

import io.privflow.bounding.BoundContributions;
import io.privflow.bounding.ContributionBounder;
import io.privflow.locate.Movements;
import io.privflow.model.BoundedContribution;
import io.privflow.model.DeviceTrajectory;
import io.privflow.model.NoisyCount;
import io.privflow.model.Pseudonym;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * TEST ONLY: runs the release's Beam stages (bound, then the release stage) on {@code R}
 * independent repetitions of D and {@code R} of D' in ONE pipeline, and returns one statistic per
 * repetition for {@link EpsilonAudit}.
 *
 * <p>Keying: repetition {@code i} (D for {@code i < R}, D' for {@code i >= R}) gives its devices
 * the pseudonym {@code (i, device number)}; a {@link RepeatedDomain} moves each repetition's cells
 * into its own block and its own slot. Bounding draws per device, noise per cell, so the
 * repetitions are independent runs of the mechanism, as if the release had run 2R times.
 *
 * <p>Statistic of a repetition: the number of audited cells (those the added device can reach)
 * released with a value above their count in D (a suppressed cell is not above). It is a
 * post-processing of the release, so any event on it obeys the release's guarantee. For discrete
 * Laplace noise, "all audited cells above" and "none above" are the events of largest privacy loss
 * (a likelihood ratio of exactly e^epsilon when the device adds 1 to each of L cells whose count in
 * D is at least k - 1), so the bound can come close to the claimed epsilon.
 */
final class PipelineAudit {
  private PipelineAudit() {}

  /** One device's located windows, as plain data a DoFn can carry. */
  record Device(int[] windows, int[] regions) implements Serializable {
    DeviceTrajectory in(long repetition, long number) {
      return new DeviceTrajectory(new Pseudonym(repetition, number), windows, regions);
    }
  }

  /** D = {@code base}, D' = {@code base} plus {@code extra}, over one public OD domain. */
  record Neighbours(OdDomain domain, List<Device> base, Device extra) implements Serializable {
    /** Every cell the added device has a transition into (before any bound). */
    long[] auditedCells() {
      return Arrays.stream(allCells(extra)).distinct().sorted().toArray();
    }

    /** Each inner cell's count in D before bounding (the statistic's fixed reference). */
    long[] countsInD() {
      long[] counts = new long[Math.toIntExact(domain.size())];
      for (Device d : base) {
        for (long c : allCells(d)) {
          counts[(int) c]++;
        }
      }
      return counts;
    }

    private long[] allCells(Device d) {
      Movements m = Movements.of(d.in(0, 0));
      return IntStream.range(0, m.size())
          .mapToLong(i -> domain.cell(m.windows()[i], m.origins()[i], m.destinations()[i])).toArray();
    }
  }

  /**
   * The release stage under audit, over a domain: today the production noise and threshold; a
   * partition-selection stage (which releases only cells that have contributions, at a stated
   * delta) plugs in here with the same input and output types.
   */
  @FunctionalInterface
  interface ReleaseStage extends Serializable {
    PTransform<PCollection<BoundedContribution>, PCollection<NoisyCount>> over(CellDomain domain);
  }

  /** The production release stage with a release rule. */
  static ReleaseStage noiseAndThreshold(CountReleaser releaser) {
    return domain -> new AddNoiseAndThreshold(domain, releaser);
  }

  /** The production partition selection with a release rule (only cells holding contributions are noised). */
  static ReleaseStage partitionSelection(CountReleaser releaser) {
    return domain -> new AddNoiseAndThreshold(domain, releaser, ReleaseMode.PARTITION_SELECTION);
  }

  /** The statistic of each repetition of D and of D'. */
  record Samples(long[] onD, long[] onDPrime) {}

  /**
   * Runs bound ({@link BoundContributions} with {@code bounder}, moved into the repetitions'
   * blocks) and {@code stage} on {@code runsPerSide} repetitions of each side; {@code work} holds
   * the per-repetition statistics between the pipeline and the audit.
   */
  static Samples run(PipelineOptions options, Neighbours neighbours, int runsPerSide, ContributionBounder bounder,
      ReleaseStage stage, Path work) throws IOException {
    try (Stream<Path> files = Files.list(work)) {
      if (files.anyMatch(f -> f.getFileName().toString().startsWith("above"))) {
        throw new IllegalArgumentException("the work directory holds another audit's statistics");
      }
    }
    int repetitions = 2 * runsPerSide;
    RepeatedDomain domain = new RepeatedDomain(neighbours.domain(), repetitions);
    Pipeline p = Pipeline.create(options);
    p.apply("Repetitions", Create.of(IntStream.range(0, repetitions).boxed().toList()).withCoder(VarIntCoder.of()))
        .apply("Spread", Reshuffle.viaRandomKey())
        .apply("Datasets", ParDo.of(new DatasetFn(neighbours, runsPerSide)))
        .setCoder(DeviceTrajectory.CODER)
        .apply("Bound", BoundContributions.with(domain.bounder(bounder), "audit"))
        .apply("Release", stage.over(domain))
        .apply("AboveD", ParDo.of(new AboveFn(domain, neighbours.auditedCells(), neighbours.countsInD())))
        .setCoder(KvCoder.of(VarLongCoder.of(), VarLongCoder.of()))
        .apply("PerRepetition", Sum.longsPerKey())
        .apply("Format", MapElements.into(TypeDescriptors.strings()).via(kv -> kv.getKey() + "," + kv.getValue()))
        .apply("Write", TextIO.write().to(work.resolve("above").toString()).withSuffix(".csv"));
    p.run().waitUntilFinish();

    long[] all = new long[repetitions]; // a repetition with no row had no audited cell above: 0
    try (Stream<Path> files = Files.list(work)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("above")).toList()) {
        for (String line : Files.readAllLines(f)) {
          String[] parts = line.split(",");
          all[Integer.parseInt(parts[0])] = Long.parseLong(parts[1]);
        }
      }
    }
    return new Samples(Arrays.copyOfRange(all, 0, runsPerSide), Arrays.copyOfRange(all, runsPerSide, repetitions));
  }

  /** Repetition i's devices: D's for i < R, D''s (D and the added device) for i >= R. */
  private static final class DatasetFn extends DoFn<Integer, DeviceTrajectory> {
    private final Neighbours neighbours;
    private final int runsPerSide;

    DatasetFn(Neighbours neighbours, int runsPerSide) {
      this.neighbours = neighbours;
      this.runsPerSide = runsPerSide;
    }

    @ProcessElement
    public void process(@Element Integer repetition, OutputReceiver<DeviceTrajectory> out) {
      List<Device> base = neighbours.base();
      for (int i = 0; i < base.size(); i++) {
        out.output(base.get(i).in(repetition, i));
      }
      if (repetition >= runsPerSide) {
        out.output(neighbours.extra().in(repetition, base.size()));
      }
    }
  }

  /** (repetition, 1) for each released audited cell above its count in D. */
  private static final class AboveFn extends DoFn<NoisyCount, KV<Long, Long>> {
    private final RepeatedDomain domain;
    private final long[] audited;
    private final long[] reference;

    AboveFn(RepeatedDomain domain, long[] audited, long[] reference) {
      this.domain = domain;
      this.audited = audited;
      this.reference = reference;
    }

    @ProcessElement
    public void process(@Element NoisyCount c, OutputReceiver<KV<Long, Long>> out) {
      long inner = domain.innerCell(c.cell());
      if (Arrays.binarySearch(audited, inner) >= 0 && c.count() > reference[(int) inner]) {
        out.output(KV.of((long) domain.repetitionOf(c.cell()), 1L));
      }
    }
  }
}
