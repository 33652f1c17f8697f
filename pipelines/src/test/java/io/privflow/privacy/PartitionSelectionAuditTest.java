package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Empirical (epsilon, delta) audit of the partition selection (bound, count, Gaussian noise on the
 * cells that hold contributions, selection threshold), run in plain Java on neighbouring datasets
 * D and D' = D + one device, with the statistics of {@link EpsilonAudit} at the release's total
 * delta (reporting delta + selection delta).
 *
 * <p>The release: rho 0.125, L 3, reporting delta 1e-6 and selection delta 1e-6, so sigma^2 = 12
 * and tau = 20; it claims (2.7533, 2e-6)-DP. Two added devices probe its two parts: one that
 * repeats a base device's trajectory (its cells hold about 50 devices each: the Gaussian's zCDP),
 * and one whose only cell is empty in D (the selection: that cell appears only if 1 + Z >= tau).
 *
 * <p>False-failure probability: ALPHA = 1e-4 per assertion on the correct mechanism, two such
 * assertions: at most 2e-4 for the class. The negative control (the same noise with a threshold
 * of 1 instead of tau: a cell only the added device fills is published half the time) must be
 * caught by the same audit, which shows it has power where the selection's delta is spent.
 */
class PartitionSelectionAuditTest {
  private static final double ALPHA = 1e-4;
  private static final int L = 3;
  private static final Guarantee RELEASE =
      new Guarantee.Zcdp(Rational.of(1, 8), Rational.parse("0.000001"), Rational.parse("0.000001"));
  private static final OdDomain DOMAIN = new OdDomain(3, 3);

  private final SecureRandom random = SecureRandoms.create();

  private static DeviceTrajectory device(long id, int[] regions) {
    return new DeviceTrajectory(new Pseudonym(0, id), new int[] {0, 1, 2, 3}, regions);
  }

  /** 200 devices in regions 0 and 1 only: about 50 per cell among them, every cell into region 2 empty. */
  private static List<DeviceTrajectory> base() {
    List<DeviceTrajectory> d = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      d.add(device(i, new int[] {i % 2, (i / 2) % 2, (i / 4) % 2, (i / 8) % 2}));
    }
    return d;
  }

  private static List<DeviceTrajectory> plus(List<DeviceTrajectory> base, DeviceTrajectory extra) {
    List<DeviceTrajectory> d = new ArrayList<>(base);
    d.add(extra);
    return d;
  }

  private static int[] cellsOf(DeviceTrajectory t) {
    int[] cells = new int[t.length() - 1];
    for (int i = 0; i + 1 < t.length(); i++) {
      cells[i] = (int) DOMAIN.cell(t.windows()[i], t.regions()[i], t.regions()[i + 1]);
    }
    return Arrays.stream(cells).distinct().toArray();
  }

  private static final DeviceTrajectory SHARING = device(1000, new int[] {1, 0, 1, 0});
  private static final DeviceTrajectory LONE = new DeviceTrajectory(new Pseudonym(0, 1001), new int[] {0, 1},
      new int[] {2, 0});

  private Function<List<DeviceTrajectory>, long[]> selection(long threshold) {
    ContributionBounder bounder = ContributionBounder.transitions(DOMAIN, L);
    NoiseMechanism noise = RELEASE.calibrate(bounder.sensitivity());
    CountReleaser releaser = new CountReleaser(noise, threshold);
    NoiseSampler sampler = noise.newSampler();
    return data -> CountRelease.runSelection(data, bounder, DOMAIN, releaser, sampler, random);
  }

  private static long tau() {
    Rational sigmaSquared = ((DiscreteGaussianMechanism) RELEASE.calibrate(Sensitivity.distinctCells(L)))
        .sigmaSquared();
    return SelectionThreshold.tau(sigmaSquared, L, RELEASE.deltaCost());
  }

  private double epsilonLowerBound(Function<List<DeviceTrajectory>, long[]> mechanism, DeviceTrajectory added,
      int runsPerSide) {
    List<DeviceTrajectory> d = base();
    List<DeviceTrajectory> dPrime = plus(d, added);
    int[] targets = cellsOf(added);
    long[] s0 = new long[runsPerSide];
    long[] s1 = new long[runsPerSide];
    for (int i = 0; i < runsPerSide; i++) {
      s0[i] = statistic(mechanism.apply(d), targets);
      s1[i] = statistic(mechanism.apply(dPrime), targets);
    }
    EpsilonAudit.Result r = EpsilonAudit.lowerBound(s0, s1, ALPHA, RELEASE.delta().toDouble());
    System.out.println("partition selection audit: " + r);
    return r.epsilonLowerBound();
  }

  private static long statistic(long[] released, int[] targets) {
    long s = 0;
    for (int c : targets) {
      s += released[c] == CountReleaser.SUPPRESSED ? 0 : released[c];
    }
    return s;
  }

  @Test
  void theSetUpIsTheOneDescribed() {
    assertEquals(20, tau());
    assertEquals(2.7533, RELEASE.epsilonAtDelta(), 1e-4);
  }

  @Test
  void aDeviceSharingItsCellsStaysWithinTheClaim() {
    double eps = epsilonLowerBound(selection(tau()), SHARING, 20_000);
    assertTrue(eps <= RELEASE.epsilonAtDelta(), "empirical epsilon lower bound " + eps + " exceeds the claim");
  }

  @Test
  void aDeviceAloneInItsCellStaysWithinTheClaim() {
    double eps = epsilonLowerBound(selection(tau()), LONE, 20_000);
    assertTrue(eps <= RELEASE.epsilonAtDelta(), "empirical epsilon lower bound " + eps + " exceeds the claim");
  }

  @Test
  void catchesASelectionWithoutItsThreshold() {
    double eps = epsilonLowerBound(selection(1), LONE, 20_000);
    assertTrue(eps > RELEASE.epsilonAtDelta(), "the audit missed an uncalibrated selection: eps_lb = " + eps);
  }
}
