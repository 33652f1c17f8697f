package io.privflow.accuracy;

import io.privflow.cli.PolicyOption;
import io.privflow.cli.RunnerOption;
import io.privflow.files.FileTrees;
import io.privflow.plan.MetricPlan;
import io.privflow.plan.NoiseCalibration;
import io.privflow.plan.PlanException;
import io.privflow.plan.ReleasePlan;
import io.privflow.plan.ReleasePlanner;
import io.privflow.policy.Policy;
import io.privflow.privacy.Guarantee;
import io.privflow.privacy.Rational;
import io.privflow.privacy.ReleaseMode;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code privflow-tools accuracy}: how accurate a request's tables would be, measured on data whose
 * truth the custodian holds. The truth is computed once by the production stages; then, for each
 * setting (mode, budget, threshold rule), the real plan is built by {@link ReleasePlanner} and its
 * release rule is applied to every cell, {@code --repetitions} times (see {@link Measurement}).
 * Nothing is read from or written to the ledger, nothing is published, and the output, computed
 * from true counts, goes to the console and, if asked, to one new file: it is custodian-only.
 */
@Command(name = "accuracy", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Measure a request's accuracy per release mode, budget and threshold rule against the true"
        + " counts of its inputs (share of published cells that are empty, recall of flows >= 2k, errors of"
        + " large cells and window totals, 95%% interval coverage).",
        "CUSTODIAN-ONLY: the output is computed from true counts and is not anonymised; never ship it with a"
        + " release. It is printed, and written only to --out when given. No budget is spent."})
public final class AccuracyCommand implements Callable<Integer> {
  static final Rational DEFAULT_DELTA = Rational.parse("0.000001");
  static final Rational DEFAULT_SELECTION_DELTA = Rational.parse("0.00000001");

  @Spec CommandSpec spec;

  @Option(names = "--request", required = true, description = "YAML release request whose inputs hold the data.")
  Path request;

  @Mixin PolicyOption policyOption = new PolicyOption();

  @Option(names = "--epsilon", split = ",", paramLabel = "EPS",
      description = "Release epsilons to compare, with discrete Laplace noise (e.g. 0.5,1,2).")
  List<String> epsilons = new ArrayList<>();

  @Option(names = "--rho", split = ",", paramLabel = "RHO",
      description = "Release rhos to compare, with discrete Gaussian noise (e.g. 0.02,0.5).")
  List<String> rhos = new ArrayList<>();

  @Option(names = "--mode", split = ",", paramLabel = "MODE",
      description = "full_domain, partition_selection or both (default: the request's).")
  List<String> modes = new ArrayList<>();

  @Option(names = "--threshold", split = ",", paramLabel = "RULE",
      description = "Full-domain threshold rules: min_count:K, max_expected_per_window:X, max_share:S/N"
          + " (default: the request's).")
  List<String> thresholds = new ArrayList<>();

  @Option(names = "--repetitions", defaultValue = "20",
      description = "Noise draws per setting (default: ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(names = "--delta", description = "Delta at which a rho is reported as (epsilon, delta) (default: the"
      + " request's, else 0.000001).")
  String delta;

  @Option(names = "--selection-delta", description = "A partition selection's delta (default: the request's, else"
      + " 0.00000001).")
  String selectionDelta;

  @Option(names = "--out", description = "Also write the tables to this new markdown file (custodian-only).")
  Path out;

  @Option(names = "--work", description = "Owner-only scratch directory for the true counts while they are"
      + " computed (default: a new one in the system's temporary directory); emptied at the end.")
  Path work;

  @Option(names = "--threads", description = "Threads for the repetitions (default: the number of cores).")
  Integer threads;

  @Mixin RunnerOption runner = new RunnerOption();

  @Override
  public Integer call() throws Exception {
    PrintStream console = System.out;
    long t0 = System.nanoTime();
    ReleaseRequest base = RequestParser.parse(request);
    Policy policy = policyOption.load();
    List<Setting> settings = settings(base);
    checkOut();
    ReleasePlanner planner = new ReleasePlanner(w -> console.println("accuracy: warning: " + w),
        NoiseCalibration.exact());
    ReleasePlan plan = planner.plan(base, policy);
    if (plan.keyFile() == null) {
      throw new AccuracyException("the custodian policy names no pseudonymization_key_file; the truth is computed"
          + " with the custodian's key, as in a release");
    }
    console.printf("accuracy: request %s: %d regions x %d windows, %,d cells; %d setting(s) x %d repetitions;"
        + " custodian-only output%n", base.requestId(), plan.regions().size(), plan.windows().count(),
        plan.domainSize(), settings.size(), repetitions);
    TruthPipeline.Truth truth = truth(plan);
    console.printf(Locale.ROOT, "accuracy: true counts computed in %.1f s%n", (System.nanoTime() - t0) / 1e9);

    List<AccuracyTables.Row> rows = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    int cores = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    for (Setting s : settings) {
      ReleasePlan p;
      try {
        p = planner.plan(s.applyTo(base), policy);
      } catch (PlanException e) {
        refused.add(s.mode().label() + ", " + s.budgetLabel() + ", " + s.ruleLabel() + ": " + e.getMessage());
        continue;
      }
      for (int i = 0; i < p.metrics().size(); i++) {
        MetricPlan m = p.metrics().get(i);
        long s0 = System.nanoTime();
        Measurement.Figures f = Measurement.measure(m, truth.metrics().get(i), repetitions, cores);
        rows.add(new AccuracyTables.Row(m.metric().label(), s, f));
        console.printf(Locale.ROOT, "accuracy: %s, %s, %s, %s: k %d, measured in %.1f s%n", m.metric().label(),
            s.mode().label(), s.budgetLabel(), s.ruleLabel(), f.k(), (System.nanoTime() - s0) / 1e9);
      }
    }
    String text = report(base, plan, truth, rows, refused);
    console.println();
    console.print(text);
    if (out != null) {
      // owner-only from its creation, like every custodian-only file
      Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(out, text);
      console.println("accuracy: wrote " + out + " (custodian-only)");
    }
    return 0;
  }

  /** The settings asked for, each option defaulting to the request's own value. */
  List<Setting> settings(ReleaseRequest base) {
    try {
      if (repetitions < 1) {
        throw new IllegalArgumentException("--repetitions must be at least 1");
      }
      ReleaseRequest.Privacy p = base.privacy();
      Guarantee g = p.guarantee();
      List<ReleaseMode> ms = new ArrayList<>();
      for (String m : modes) {
        ReleaseMode mode = ReleaseMode.ofLabel(m.strip());
        if (mode == null) {
          throw new IllegalArgumentException("--mode must be full_domain or partition_selection");
        }
        ms.add(mode);
      }
      if (ms.isEmpty()) {
        ms.add(p.mode());
      }
      List<Rational> eps = epsilons.stream().map(e -> Setting.budget("--epsilon", e)).toList();
      List<Rational> rs = rhos.stream().map(r -> Setting.budget("--rho", r)).toList();
      if (eps.isEmpty() && rs.isEmpty()) {
        eps = g instanceof Guarantee.PureDp d ? List.of(d.epsilon()) : List.of();
        rs = g instanceof Guarantee.Zcdp z ? List.of(z.rho()) : List.of();
      }
      List<ThresholdRule> rules = new ArrayList<>(thresholds.stream().map(ThresholdRule::parse).toList());
      if (rules.isEmpty() && p.mode() == ReleaseMode.FULL_DOMAIN) {
        rules.add(ThresholdRule.of(p));
      }
      Guarantee.Zcdp z = g instanceof Guarantee.Zcdp zc ? zc : null;
      Rational d = delta != null ? fraction("--delta", delta)
          : z != null ? z.reportingDelta() : DEFAULT_DELTA;
      Rational sd = selectionDelta != null ? fraction("--selection-delta", selectionDelta)
          : z != null && !z.selectionDelta().isZero() ? z.selectionDelta() : DEFAULT_SELECTION_DELTA;
      return Setting.expand(ms, eps, rs, rules, d, sd);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static Rational fraction(String option, String text) {
    Rational r;
    try {
      r = Rational.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": not a decimal number");
    }
    if (r.isZero() || r.compareTo(Rational.of(1, 10)) > 0) {
      throw new IllegalArgumentException(option + ": must be above 0 and at most 0.1");
    }
    return r;
  }

  /** The file must be new, and not inside a release: the tables are custodian-only. */
  private void checkOut() {
    if (out == null) {
      return;
    }
    if (Files.exists(out)) {
      throw new AccuracyException("--out " + out + " exists; name a new file");
    }
    for (Path d = out.toAbsolutePath().getParent(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve("release.json")) || Files.exists(d.resolve("MANIFEST.json"))) {
        throw new AccuracyException("--out " + out + " is inside a release directory (" + d + "); the tables are"
            + " custodian-only");
      }
    }
  }

  private TruthPipeline.Truth truth(ReleasePlan plan) throws IOException {
    boolean own = work == null;
    Path scratch = own ? Files.createTempDirectory("privflow-accuracy-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
        : io.privflow.files.OwnerOnly.directory(work, "the true counts of a request, while they are computed");
    try {
      return TruthPipeline.compute(plan, runner.options(), scratch);
    } finally {
      if (own) {
        FileTrees.delete(scratch);
      }
    }
  }

  private String report(ReleaseRequest r, ReleasePlan plan, TruthPipeline.Truth truth, List<AccuracyTables.Row> rows,
      List<String> refused) {
    StringBuilder b = new StringBuilder();
    b.append("## Accuracy of request ").append(r.requestId()).append("\n\n");
    b.append(AccuracyTables.NOTE).append("\n\n");
    b.append(String.format(Locale.ROOT, "%d regions x %d windows of %s (%s to %s, %s); %d repetitions per"
            + " setting.%n%n", plan.regions().size(), plan.windows().count(), r.time().windowText(), r.time().start(),
        r.time().end(), r.time().zone().getId(), repetitions));
    b.append(AccuracyTables.truth(truth)).append('\n');
    b.append(AccuracyTables.settings(rows));
    for (String s : refused) {
      b.append("\nNot measured (the plan refuses it): ").append(s).append('\n');
    }
    return b.toString();
  }
}
