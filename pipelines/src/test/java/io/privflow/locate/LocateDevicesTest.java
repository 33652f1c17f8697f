package io.privflow.locate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.model.DeviceTrajectory;
import io.privflow.model.LocatedEvent;
import io.privflow.model.Pseudonym;
import io.privflow.testing.TestPipelines;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
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

  private static long obs(String time, int region) {
    return TrajectoryFn.observation(Instant.parse(time).toEpochMilli() - DAYS.startMillis(), region);
  }

  @Test
  void modalRegionByCountThenLatestEventInTimeOrder() {
    Pipeline p = TestPipelines.create();
    PCollection<DeviceTrajectory> out = p
        .apply(Create.of(
                at(A, "2020-03-04T10:00:00Z", 6),
                at(A, "2020-03-01T08:00:00Z", 1), at(A, "2020-03-01T09:00:00Z", 1), at(A, "2020-03-01T23:00:00Z", 2),
                at(A, "2020-03-02T08:00:00Z", 3), at(A, "2020-03-02T20:00:00Z", 4),
                at(B, "2020-03-04T10:00:00Z", 5))
            .withCoder(LocatedEvent.CODER))
        .apply(new LocateDevices(DAYS));
    PAssert.that(out.apply(MapElements.into(TypeDescriptors.strings())
            .via(t -> t.pseudonym().lo() + ":" + Arrays.toString(t.windows()) + Arrays.toString(t.regions()))))
        .containsInAnyOrder(
            "1:[0, 1, 3][1, 4, 6]", // day 1: two events beat one later one; day 2: tie, the later wins
            "2:[3][5]");
    p.run().waitUntilFinish();
  }

  @Test
  void exactDuplicatesCountOnce() {
    TrajectoryFn fn = new TrajectoryFn(DAYS);
    TrajectoryFn.Tally t = fn.createAccumulator();
    for (int i = 0; i < 3; i++) {
      fn.addObservation(t, obs("2020-03-01T08:00:00Z", 1)); // one record delivered three times
    }
    fn.addObservation(t, obs("2020-03-01T09:00:00Z", 2));
    fn.addObservation(t, obs("2020-03-01T10:00:00Z", 2));
    TrajectoryFn.Tally other = fn.createAccumulator(); // a duplicate in another bundle
    fn.addObservation(other, obs("2020-03-01T08:00:00Z", 1));
    TrajectoryFn.Windows out = fn.extractOutput(fn.mergeAccumulators(List.of(t, other)));
    assertArrayEquals(new int[] {2}, out.regions(), "two distinct events in region 2 beat one (repeated) in region 1");
    assertEquals(3, out.duplicates(), "three repeats dropped");
  }

  @Test
  void tallyCoderRoundTripsAfterManyEvents() throws Exception {
    TrajectoryFn fn = new TrajectoryFn(DAYS);
    TrajectoryFn.Tally t = fn.createAccumulator();
    for (int i = 0; i < 1000; i++) {
      fn.addObservation(t, obs("2020-03-01T00:00:00Z", 0) + ((long) (i % 300) * 60_000 << TrajectoryFn.REGION_BITS));
    }
    var coder = TrajectoryFn.TALLY_CODER;
    var bytes = new java.io.ByteArrayOutputStream();
    coder.encode(t, bytes);
    TrajectoryFn.Tally back = coder.decode(new java.io.ByteArrayInputStream(bytes.toByteArray()));
    assertEquals(300, back.count(0));
    assertTrue(bytes.size() < 300 * 3 + 64, "delta-encoded instants: " + bytes.size() + " bytes");
  }

  @Test
  void tallyBreaksExactTiesByLowerRegionAndMergesPartials() {
    TrajectoryFn fn = new TrajectoryFn(DAYS);
    TrajectoryFn.Tally a = fn.createAccumulator();
    fn.addObservation(a, obs("2020-03-01T10:00:00Z", 7));
    TrajectoryFn.Tally b = fn.createAccumulator();
    fn.addObservation(b, obs("2020-03-01T10:00:00Z", 3));
    TrajectoryFn.Tally ab = fn.mergeAccumulators(List.of(a, b)); // may reuse (mutate) a
    assertArrayEquals(new int[] {3}, fn.extractOutput(ab).regions());
    TrajectoryFn.Tally c = fn.createAccumulator();
    fn.addObservation(c, obs("2020-03-01T09:00:00Z", 7));
    fn.addObservation(c, obs("2020-03-02T09:00:00Z", 2));
    TrajectoryFn.Windows merged = fn.extractOutput(fn.mergeAccumulators(List.of(ab, c)));
    assertArrayEquals(new int[] {0, 1}, merged.windows());
    assertArrayEquals(new int[] {7, 2}, merged.regions());
  }

  @Test
  void movementsNeedAdjacentWindowsAndIncludeStayingPut() {
    Movements m = Movements.of(new DeviceTrajectory(A, new int[] {0, 1, 2, 5, 6}, new int[] {4, 4, 9, 1, 2}));
    assertArrayEquals(new int[] {0, 1, 5}, m.windows());
    assertArrayEquals(new int[] {4, 4, 1}, m.origins());
    assertArrayEquals(new int[] {4, 9, 2}, m.destinations());
    assertEquals(0, Movements.of(new DeviceTrajectory(A, new int[] {0, 2}, new int[] {1, 1})).size());
  }
}
