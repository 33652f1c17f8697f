package io.privflow.locate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.privflow.pseudonymize.Pseudonym;
import io.privflow.regions.LocatedEvent;
import io.privflow.testing.TestPipelines;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class LocateDevicesTest {
  private static final WindowScheme DAYS =
      WindowScheme.of(LocalDate.parse("2020-03-01"), LocalDate.parse("2020-03-05"), ZoneId.of("UTC"), Period.ofDays(1));
  private static final Pseudonym A = new Pseudonym(0, 1);
  private static final Pseudonym B = new Pseudonym(0, 2);

  private static LocatedEvent at(Pseudonym p, String time, int region) {
    return new LocatedEvent(p, Instant.parse(time).toEpochMilli(), region);
  }

  @Test
  void modalRegionByCountThenLatestEvent() {
    Pipeline p = TestPipelines.create();
    PCollection<DeviceWindowLocation> out = p
        .apply(Create.of(
                at(A, "2020-03-01T08:00:00Z", 1), at(A, "2020-03-01T09:00:00Z", 1), at(A, "2020-03-01T23:00:00Z", 2),
                at(A, "2020-03-02T08:00:00Z", 3), at(A, "2020-03-02T20:00:00Z", 4),
                at(B, "2020-03-04T10:00:00Z", 5))
            .withCoder(LocatedEvent.LocatedEventCoder.of()))
        .apply(new LocateDevices(DAYS));
    PAssert.that(out).containsInAnyOrder(
        new DeviceWindowLocation(A, 0, 1), // two events beat one later one
        new DeviceWindowLocation(A, 1, 4), // tie: the later event wins
        new DeviceWindowLocation(B, 3, 5));
    p.run().waitUntilFinish();
  }

  @Test
  void tallyBreaksExactTiesByLowerRegionAndMergesPartials() {
    ModalRegionFn fn = new ModalRegionFn();
    ModalRegionFn.Tally a = fn.createAccumulator();
    fn.addInput(a, ModalRegionFn.observation(100, 7));
    ModalRegionFn.Tally b = fn.createAccumulator();
    fn.addInput(b, ModalRegionFn.observation(100, 3));
    assertEquals(3, fn.extractOutput(fn.mergeAccumulators(java.util.List.of(a, b))));
    fn.addInput(b, ModalRegionFn.observation(50, 7));
    assertEquals(7, fn.extractOutput(fn.mergeAccumulators(java.util.List.of(a, b))));
  }

  @Test
  void trajectoriesAreSortedByWindowAndMovementsNeedAdjacentWindows() {
    Pipeline p = TestPipelines.create();
    PCollection<DeviceTrajectory> out = p
        .apply(Create.of(new DeviceWindowLocation(A, 3, 2), new DeviceWindowLocation(A, 0, 1),
                new DeviceWindowLocation(A, 1, 1))
            .withCoder(DeviceWindowLocation.DeviceWindowLocationCoder.of()))
        .apply(new BuildTrajectories());
    PAssert.that(out.apply(MapElements.into(TypeDescriptors.strings()).via(t -> {
      Movements m = Movements.of(t);
      return java.util.Arrays.toString(t.windows()) + java.util.Arrays.toString(t.regions())
          + " moves=" + java.util.Arrays.toString(m.windows()) + java.util.Arrays.toString(m.origins())
          + java.util.Arrays.toString(m.destinations());
    }))).containsInAnyOrder("[0, 1, 3][1, 1, 2] moves=[0][1][1]");
    p.run().waitUntilFinish();
  }

  @Test
  void movementsIncludeStayingPut() {
    Movements m = Movements.of(new DeviceTrajectory(A, new int[] {0, 1, 2, 5, 6}, new int[] {4, 4, 9, 1, 2}));
    assertArrayEquals(new int[] {0, 1, 5}, m.windows());
    assertArrayEquals(new int[] {4, 4, 1}, m.origins());
    assertArrayEquals(new int[] {4, 9, 2}, m.destinations());
  }
}
