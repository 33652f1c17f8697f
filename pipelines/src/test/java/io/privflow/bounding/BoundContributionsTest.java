package io.privflow.bounding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.engine.RunCounters;
import io.privflow.model.BoundedContribution;
import io.privflow.model.DeviceTrajectory;
import io.privflow.model.Pseudonym;
import io.privflow.privacy.OdDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;

/**
 * {@link BoundContributions} on the DirectRunner with PAssert (plain Pipeline, JUnit 5).
 *
 * <p>The output has no device column, so devices are given disjoint region sets and each kept cell
 * is attributed to its device by its origin region.
 *
 * <p><b>False-failure probability.</b> Only {@link #keptSubsetIsUniform} is random: 10 Hoeffding
 * checks at 1e-7 each, at most 1e-6 in all. The other assertions hold with certainty.
 */
class BoundContributionsTest {
  static final OdDomain DOMAIN = new OdDomain(40, 12);

  static Pipeline pipeline() {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    return Pipeline.create(options);
  }

  static DeviceTrajectory device(long id, int[] windows, int[] regions) {
    return new DeviceTrajectory(new Pseudonym(0x5eed_0000L + id, ~id), windows, regions);
  }

  static PCollection<BoundedContribution> bound(Pipeline p, String name, int l, List<DeviceTrajectory> devices) {
    return p.apply(name, Create.of(devices).withCoder(DeviceTrajectory.CODER))
        .apply(name + "Bound", BoundContributions.transitions(DOMAIN, l));
  }

  static BoundedContribution c(int slot, int origin, int destination) {
    return new BoundedContribution(DOMAIN.cell(slot, origin, destination));
  }

  /** Devices cut by the bound are counted (custodian-only), the ones at or under it are not. */
  @Test
  void devicesCutByTheBoundAreCounted() {
    Pipeline p = pipeline();
    List<DeviceTrajectory> devices = List.of(
        device(1, new int[] {0, 1, 2, 3, 4}, new int[] {0, 1, 0, 1, 0}), // 4 transitions > 2: cut
        device(2, new int[] {0, 1, 2, 3}, new int[] {2, 3, 2, 3}), // 3 > 2: cut
        device(3, new int[] {0, 1, 2}, new int[] {4, 5, 4}), // exactly 2: kept whole
        device(4, new int[] {7}, new int[] {6})); // none
    bound(p, "Capped", 2, devices);
    RunCounters c = RunCounters.of(p.run());
    assertEquals(2, c.cappedDevices("od"));
    assertEquals(4, c.get("bounding.od.devices"));
  }

  @Test
  void devicesUnderTheCapKeepEveryTransitionExactly() {
    Pipeline p = pipeline();
    List<DeviceTrajectory> devices = List.of(
        // 0 -> 1 in slot 0, then stays in 1 (slot 1): staying put is a transition.
        device(1, new int[] {0, 1, 2}, new int[] {0, 1, 1}),
        // Gap between windows 4 and 6: no transition 4 -> 6; 3 -> 4 and 6 -> 7 remain.
        device(2, new int[] {3, 4, 6, 7}, new int[] {2, 3, 2, 2}),
        // One window only: no transition at all.
        device(3, new int[] {5}, new int[] {4}),
        // Only gaps: no transition.
        device(4, new int[] {1, 3, 5, 9}, new int[] {5, 5, 5, 5}),
        // Exactly L = 3 transitions: all kept.
        device(5, new int[] {10, 11, 12, 13}, new int[] {6, 7, 6, 6}),
        // Two devices with the same movement: the cell gets 2.
        device(6, new int[] {20, 21}, new int[] {8, 9}),
        device(7, new int[] {20, 21}, new int[] {8, 9}));
    PAssert.that(bound(p, "Small", 3, devices)).containsInAnyOrder(
        c(0, 0, 1), c(1, 1, 1),
        c(3, 2, 3), c(6, 2, 2),
        c(10, 6, 7), c(11, 7, 6), c(12, 6, 6),
        c(20, 8, 9), c(20, 8, 9));
    p.run().waitUntilFinish();
  }

  @Test
  void deviceWithManyTransitionsContributesExactlyL() {
    int l = 3;
    Pipeline p = pipeline();
    // Device A moves between regions 0 and 1 over windows 0..39 (39 transitions); device B moves
    // 2 -> 3 -> 4 -> 2 ... over windows 0..20 (20 transitions); C has 5 stays in region 5.
    int[] wa = new int[40];
    int[] ra = new int[40];
    for (int i = 0; i < 40; i++) {
      wa[i] = i;
      ra[i] = i % 2;
    }
    int[] wb = new int[21];
    int[] rb = new int[21];
    for (int i = 0; i < 21; i++) {
      wb[i] = i;
      rb[i] = 2 + i % 3;
    }
    int[] wc = {30, 31, 32, 33, 34, 35};
    int[] rc = {5, 5, 5, 5, 5, 5};
    Map<String, Set<Long>> truth = new HashMap<>();
    truth.put("A", transitions(wa, ra));
    truth.put("B", transitions(wb, rb));
    truth.put("C", transitions(wc, rc));
    assertEquals(39, truth.get("A").size());
    assertEquals(20, truth.get("B").size());
    assertEquals(5, truth.get("C").size());

    PCollection<BoundedContribution> out = bound(p, "Many", l, List.of(
        device(10, wa, ra), device(11, wb, rb), device(12, wc, rc)));
    PAssert.that(out).satisfies(kept -> {
      Map<String, List<Long>> perDevice = new HashMap<>();
      for (BoundedContribution b : kept) {
        int origin = DOMAIN.originOf(b.cell());
        String dev = origin <= 1 ? "A" : origin <= 4 ? "B" : origin == 5 ? "C" : "?";
        perDevice.computeIfAbsent(dev, k -> new ArrayList<>()).add(b.cell());
      }
      assertEquals(Set.of("A", "B", "C"), perDevice.keySet(), "devices in output: " + perDevice);
      for (String dev : List.of("A", "B", "C")) {
        List<Long> cells = perDevice.get(dev);
        assertEquals(l, cells.size(), "device " + dev + " must contribute exactly L=" + l + ": " + cells);
        assertEquals(l, new HashSet<>(cells).size(), "device " + dev + " kept a transition twice: " + cells);
        assertTrue(truth.get(dev).containsAll(cells),
            "device " + dev + " contributed a cell it never moved through: " + cells);
      }
      return null;
    });
    p.run().waitUntilFinish();
  }

  /**
   * The kept subset is uniform: 2,000 identical devices with 10 transitions each and L = 3 keep
   * each transition with probability 3/10, independently across devices, so each of the 10 cells
   * counts Binomial(2000, 0.3) = 600 +- 20.5. Hoeffding: P[|count/2000 - 0.3| > 0.0649] <=
   * 2 exp(-2 * 2000 * 0.0649^2) <= 1e-7 per cell, 1e-6 for the 10 cells. A sampler that always
   * kept the first L transitions puts 2000 or 0 in a cell and fails; so does one that favours or
   * shuns a position by more than about 0.065.
   */
  @Test
  void keptSubsetIsUniform() {
    int devicesCount = 2000;
    int l = 3;
    int[] w = new int[11];
    int[] r = new int[11];
    for (int i = 0; i < 11; i++) {
      w[i] = i;
      r[i] = i % 4;
    }
    List<DeviceTrajectory> devices = new ArrayList<>();
    for (int i = 0; i < devicesCount; i++) {
      devices.add(device(1000 + i, w, r));
    }
    Set<Long> cells = transitions(w, r);
    assertEquals(10, cells.size());
    double eps = Math.sqrt(Math.log(2 / 1e-7) / (2.0 * devicesCount));
    Pipeline p = pipeline();
    PAssert.that(bound(p, "Uniform", l, devices)).satisfies(kept -> {
      Map<Long, Integer> counts = new HashMap<>();
      int total = 0;
      for (BoundedContribution b : kept) {
        counts.merge(b.cell(), 1, Integer::sum);
        total++;
      }
      assertEquals(devicesCount * l, total, "every device contributes exactly L");
      assertEquals(cells, counts.keySet());
      for (Map.Entry<Long, Integer> e : counts.entrySet()) {
        double f = e.getValue() / (double) devicesCount;
        assertEquals((double) l / 10, f, eps, String.format(
            "transition cell %d kept by %.4f of devices, expected 0.3 +- %.4f (false failure <= 1e-7 "
                + "per cell, Hoeffding): the kept subset is not uniform; counts %s",
            e.getKey(), f, eps, counts));
      }
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void capBelowOneRejected() {
    assertThrows(IllegalArgumentException.class, () -> BoundContributions.transitions(DOMAIN, 0));
    assertThrows(IllegalArgumentException.class, () -> BoundContributions.transitions(DOMAIN, -1));
  }

  /** The cells of every (w, w+1) pair of adjacent windows. */
  static Set<Long> transitions(int[] windows, int[] regions) {
    Set<Long> s = new HashSet<>();
    for (int i = 0; i + 1 < windows.length; i++) {
      if (windows[i + 1] == windows[i] + 1) {
        s.add(DOMAIN.cell(windows[i], regions[i], regions[i + 1]));
      }
    }
    return s;
  }
}
