package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.bounding.ContributionBounder;
import io.privflow.bounding.CountRelease;
import io.privflow.model.DeviceTrajectory;
import io.privflow.model.Pseudonym;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Empirical differential-privacy audit of the release mechanism (bound, count, noise, threshold),
 * run in plain Java many thousand times on neighbouring datasets D and D' = D + one device.
 *
 * <p>Method: the observable is S = the sum of the released values over the cells the added device
 * can reach (suppressed = 0), a post-processing of the release. On the first half of the runs we
 * pick the event {S >= t} or {S < t} and the direction with the largest empirical privacy loss; on
 * the second, independent half we bound it with Clopper-Pearson intervals: eps_lb =
 * ln(lower(p_a) / upper(p_b)), each bound one-sided at level ALPHA / 2. For a mechanism that truly
 * is eps-DP, P[eps_lb > eps] <= ALPHA for the pre-chosen event.
 *
 * <p>False-failure probability: ALPHA = 1e-4 per assertion on a correct mechanism, three such
 * assertions: at most 3e-4 for the class. The negative controls (noise calibrated for sensitivity
 * 1 while a device adds 3; a threshold on TRUE counts; no contribution bound) must be caught by the
 * same audit, which shows it has power.
 *
 * <p>The statistics are in {@link EpsilonAudit}, shared with {@link PipelineDpAuditTest}, which
 * audits the Beam stages themselves.
 */
class DpAuditTest {
  private static final double ALPHA = 1e-4;
  private static final Rational EPSILON = Rational.of(1, 1);
  private static final int L = 3;
  private static final int K = 2;

  private final SecureRandom random = SecureRandoms.create();

  // ---- data: base dataset D and the devices that make D' ----

  private static DeviceTrajectory device(long id, int[] windows, int[] regions) {
    return new DeviceTrajectory(new Pseudonym(0, id), windows, regions);
  }

  /** 40 devices over 4 windows using regions 0 and 1 only, so every cell into region 2 is empty. */
  private static List<DeviceTrajectory> smallBase() {
    List<DeviceTrajectory> d = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      d.add(device(i, new int[] {0, 1, 2, 3}, new int[] {i % 2, (i / 2) % 2, (i / 4) % 2, (i / 8) % 2}));
    }
    return d;
  }

  private static List<DeviceTrajectory> plus(List<DeviceTrajectory> base, DeviceTrajectory extra) {
    List<DeviceTrajectory> d = new ArrayList<>(base);
    d.add(extra);
    return d;
  }

  private static int[] cellsOf(DeviceTrajectory t, OdDomain domain) {
    int[] cells = new int[t.length() - 1];
    for (int i = 0; i + 1 < t.length(); i++) {
      cells[i] = (int) domain.cell(t.windows()[i], t.regions()[i], t.regions()[i + 1]);
    }
    return Arrays.stream(cells).distinct().toArray();
  }

  // ---- mechanisms ----

  private Function<List<DeviceTrajectory>, long[]> released(OdDomain domain, int bound, NoiseMechanism noise, long k) {
    ContributionBounder bounder = ContributionBounder.transitions(domain, bound);
    CountReleaser releaser = new CountReleaser(noise, k);
    NoiseSampler sampler = noise.newSampler();
    return data -> CountRelease.run(data, bounder, domain, releaser, sampler, random);
  }

  // ---- the audit ----

  private double epsilonLowerBound(Function<List<DeviceTrajectory>, long[]> mechanism, List<DeviceTrajectory> d,
      List<DeviceTrajectory> dPrime, int[] targets, int runsPerSide) {
    long[] s0 = new long[runsPerSide];
    long[] s1 = new long[runsPerSide];
    for (int i = 0; i < runsPerSide; i++) {
      s0[i] = statistic(mechanism.apply(d), targets);
      s1[i] = statistic(mechanism.apply(dPrime), targets);
    }
    EpsilonAudit.Result r = EpsilonAudit.lowerBound(s0, s1, ALPHA, 0);
    System.out.println("audit: " + r);
    return r.epsilonLowerBound();
  }

  private static long statistic(long[] released, int[] targets) {
    long s = 0;
    for (int c : targets) {
      s += released[c] == CountReleaser.SUPPRESSED ? 0 : released[c];
    }
    return s;
  }

  // ---- correct mechanism: the bound must stay at or below the claimed epsilon ----

  private static final OdDomain SMALL = new OdDomain(3, 3);
  /** Three transitions (the cap), into cells that are empty in D. */
  private static final DeviceTrajectory AT_CAP = device(1000, new int[] {0, 1, 2, 3}, new int[] {2, 2, 2, 2});
  /** One transition into a cell that is empty in D. */
  private static final DeviceTrajectory LONE = device(1001, new int[] {0, 1}, new int[] {2, 0});

  @Test
  void deviceAtTheCap() {
    List<DeviceTrajectory> d = smallBase();
    double eps = epsilonLowerBound(released(SMALL, L, DiscreteLaplaceMechanism.forEpsilon(EPSILON, L), K),
        d, plus(d, AT_CAP), cellsOf(AT_CAP, SMALL), 20_000);
    assertTrue(eps <= EPSILON.toDouble(), "empirical epsilon lower bound " + eps + " exceeds the claimed 1");
  }

  @Test
  void deviceWhoseOnlyCellWouldOtherwiseBeEmpty() {
    List<DeviceTrajectory> d = smallBase();
    double eps = epsilonLowerBound(released(SMALL, L, DiscreteLaplaceMechanism.forEpsilon(EPSILON, L), K),
        d, plus(d, LONE), cellsOf(LONE, SMALL), 20_000);
    assertTrue(eps <= EPSILON.toDouble(), "empirical epsilon lower bound " + eps + " exceeds the claimed 1");
  }

  /** 200 adjacent windows alternating between two regions: hundreds of transitions, capped at 3. */
  private static final OdDomain LONG = new OdDomain(200, 2);

  private static DeviceTrajectory traveller(long id, int phase) {
    int[] w = new int[201];
    int[] r = new int[201];
    for (int i = 0; i < w.length; i++) {
      w[i] = i;
      r[i] = (i / 2 + phase) % 2;
    }
    return device(id, w, r);
  }

  private static List<DeviceTrajectory> longBase() {
    List<DeviceTrajectory> d = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      d.add(traveller(i, i % 2));
    }
    return d;
  }

  @Test
  void deviceFarAboveTheCap() {
    List<DeviceTrajectory> d = longBase();
    DeviceTrajectory heavy = traveller(2000, 0);
    double eps = epsilonLowerBound(released(LONG, L, DiscreteLaplaceMechanism.forEpsilon(EPSILON, L), K),
        d, plus(d, heavy), cellsOf(heavy, LONG), 3_000);
    assertTrue(eps <= EPSILON.toDouble(), "empirical epsilon lower bound " + eps + " exceeds the claimed 1");
  }

  // ---- negative controls: the same audit must catch broken mechanisms ----

  @Test
  void catchesNoiseCalibratedForSensitivityOneWhenADeviceAddsThree() {
    List<DeviceTrajectory> d = smallBase();
    double eps = epsilonLowerBound(released(SMALL, L, DiscreteLaplaceMechanism.forEpsilon(EPSILON, 1), K),
        d, plus(d, AT_CAP), cellsOf(AT_CAP, SMALL), 80_000);
    assertTrue(eps > EPSILON.toDouble(), "the audit missed a 3x under-noised mechanism: eps_lb = " + eps);
  }

  @Test
  void catchesAThresholdOnTrueCounts() {
    List<DeviceTrajectory> d = smallBase();
    ContributionBounder bounder = ContributionBounder.transitions(SMALL, L);
    NoiseSampler sampler = DiscreteLaplaceMechanism.forEpsilon(EPSILON, L).newSampler();
    // Broken on purpose: a cell is released only when its TRUE count reaches k = 1.
    Function<List<DeviceTrajectory>, long[]> thresholdsTrueCounts = data -> {
      long[] counts = CountRelease.trueCounts(data, bounder, SMALL, random);
      long[] out = new long[counts.length];
      for (int c = 0; c < counts.length; c++) {
        out[c] = counts[c] >= 1 ? Math.max(1, counts[c] + sampler.sample()) : CountReleaser.SUPPRESSED;
      }
      return out;
    };
    double eps = epsilonLowerBound(thresholdsTrueCounts, d, plus(d, LONE), cellsOf(LONE, SMALL), 20_000);
    assertTrue(eps > EPSILON.toDouble(), "the audit missed a threshold on true counts: eps_lb = " + eps);
  }

  @Test
  void catchesAMissingContributionBound() {
    List<DeviceTrajectory> d = longBase();
    DeviceTrajectory heavy = traveller(2000, 0);
    // Broken on purpose: noise for L = 3, but every transition is kept.
    Function<List<DeviceTrajectory>, long[]> unbounded = released(LONG, 10_000,
        DiscreteLaplaceMechanism.forEpsilon(EPSILON, L), K);
    double eps = epsilonLowerBound(unbounded, d, plus(d, heavy), cellsOf(heavy, LONG), 3_000);
    assertTrue(eps > EPSILON.toDouble(), "the audit missed an unbounded device: eps_lb = " + eps);
  }
}
