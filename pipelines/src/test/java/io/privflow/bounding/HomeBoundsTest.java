package io.privflow.bounding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.model.BoundedContribution;
import io.privflow.model.DeviceTrajectory;
import io.privflow.model.Pseudonym;
import io.privflow.privacy.HomeOdDomain;
import io.privflow.privacy.HomePresenceDomain;
import io.privflow.privacy.Sensitivity;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;

/**
 * The home metrics' domains and bounds: every (slot, home, region...) cell decodes back, the unknown
 * home is its own public category, and one device adds 1 to at most the bound's distinct cells
 * (L1 = bound, L2 = sqrt(bound)). PAssert on the DirectRunner: under a second per pipeline once the
 * runner is warm (the first pipeline of a cold JVM took 16 s at a load of 14 on 2 cores).
 */
class HomeBoundsTest {
  private static final int R = 3;
  private static final HomePresenceDomain PRESENCE = HomePresenceDomain.of(4, R);
  private static final HomeOdDomain OD = HomeOdDomain.of(3, R);

  private static DeviceTrajectory device(long id, int home, int[] windows, int[] regions) {
    return new DeviceTrajectory(new Pseudonym(0x40e_0000L + id, ~id), windows, regions, home);
  }

  @Test
  void domainsHaveTheUnknownHomeAndDecodeEveryCell() {
    assertEquals(4L * (R + 1) * R, PRESENCE.size());
    assertEquals(3L * (R + 1) * R * R, OD.size());
    assertEquals(R, PRESENCE.unknownHome());
    Set<Long> seen = new HashSet<>();
    for (int w = 0; w < 4; w++) {
      for (int h = 0; h <= R; h++) {
        for (int r = 0; r < R; r++) {
          long c = PRESENCE.cell(w, h, r);
          assertTrue(seen.add(c));
          assertTrue(c >= 0 && c < PRESENCE.size());
          assertEquals(List.of(w, h, r), List.of(PRESENCE.slotOf(c), PRESENCE.homeOf(c), PRESENCE.regionOf(c)));
        }
      }
    }
    seen.clear();
    for (int s = 0; s < 3; s++) {
      for (int h = 0; h <= R; h++) {
        for (int o = 0; o < R; o++) {
          for (int d = 0; d < R; d++) {
            long c = OD.cell(s, h, o, d);
            assertTrue(seen.add(c));
            assertTrue(c >= 0 && c < OD.size());
            assertEquals(List.of(s, h, o, d), List.of(OD.slotOf(c), OD.homeOf(c), OD.originOf(c),
                OD.destinationOf(c)));
          }
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new HomePresenceDomain(4, R, R));
    assertThrows(IllegalArgumentException.class, () -> new HomeOdDomain(0, R + 1, R));
  }

  @Test
  void aHomeTableHasRPlusOneTimesTheCellsOfItsPlainTable() {
    // The README's figure: home_od over 98 municipalities has 99 x 98 x 98 cells per window pair.
    assertEquals(99L * 98 * 98, HomeOdDomain.of(1, 98).cellsPerSlot());
    assertEquals(99 * new io.privflow.privacy.OdDomain(5, 98).size(), HomeOdDomain.of(5, 98).size());
    assertEquals(99 * new io.privflow.privacy.PresenceDomain(5, 98).size(), HomePresenceDomain.of(5, 98).size());
  }

  @Test
  void sensitivityIsTheBound() {
    assertEquals(new Sensitivity(7, 7), ContributionBounder.homePresence(PRESENCE, 7).sensitivity());
    assertEquals(Math.sqrt(3), ContributionBounder.homeTransitions(OD, 3).sensitivity().l2(), 1e-12);
  }

  @Test
  void homePresenceCountsEachDeviceUnderItsHome() {
    Pipeline p = BoundContributionsTest.pipeline();
    List<DeviceTrajectory> devices = List.of(
        device(1, 0, new int[] {0, 1, 3}, new int[] {0, 2, 0}),
        device(2, DeviceTrajectory.UNKNOWN_HOME, new int[] {1}, new int[] {1}));
    PAssert.that(p.apply(Create.of(devices).withCoder(DeviceTrajectory.CODER))
            .apply(BoundContributions.with(ContributionBounder.homePresence(PRESENCE, 7), "home_presence")))
        .containsInAnyOrder(new BoundedContribution(PRESENCE.cell(0, 0, 0)),
            new BoundedContribution(PRESENCE.cell(1, 0, 2)), new BoundedContribution(PRESENCE.cell(3, 0, 0)),
            new BoundedContribution(PRESENCE.cell(1, R, 1)));
    p.run().waitUntilFinish();
  }

  @Test
  void homeOdCountsEachTransitionUnderItsHome() {
    Pipeline p = BoundContributionsTest.pipeline();
    List<DeviceTrajectory> devices = List.of(
        // windows 0-1 and 1-2 are transitions; 2-3 skips none; 3 has no next window in the device
        device(1, 2, new int[] {0, 1, 2}, new int[] {0, 1, 1}),
        device(2, DeviceTrajectory.UNKNOWN_HOME, new int[] {0, 2, 3}, new int[] {2, 2, 0}));
    PAssert.that(p.apply(Create.of(devices).withCoder(DeviceTrajectory.CODER))
            .apply(BoundContributions.with(ContributionBounder.homeTransitions(OD, 3), "home_od")))
        .containsInAnyOrder(new BoundedContribution(OD.cell(0, 2, 0, 1)),
            new BoundedContribution(OD.cell(1, 2, 1, 1)), new BoundedContribution(OD.cell(2, R, 2, 0)));
    p.run().waitUntilFinish();
  }

  @Test
  void aDeviceKeepsAtMostTheBoundOfDistinctCells() {
    int[] windows = {0, 1, 2, 3};
    DeviceTrajectory t = device(1, 1, windows, new int[] {0, 1, 2, 0});
    ContributionBounder b = ContributionBounder.homePresence(PRESENCE, 2);
    long[] kept = b.cells(t, new java.security.SecureRandom());
    assertEquals(2, kept.length);
    assertEquals(2, Arrays.stream(kept).distinct().count());
    for (long c : kept) {
      assertEquals(1, PRESENCE.homeOf(c)); // one home per device: every kept cell carries it
    }
    long[] moves = ContributionBounder.homeTransitions(OD, 1).cells(t, new java.security.SecureRandom());
    assertEquals(1, moves.length);
  }
}
