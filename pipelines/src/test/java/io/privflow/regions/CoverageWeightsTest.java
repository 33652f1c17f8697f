package io.privflow.regions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.model.CellRow;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Footprint weights on hand-computed cases, in plain Java (well under 1 s). Regions are lon/lat
 * rectangles around a tower at (55 N, 10 E); a 5 km footprint spans about 0.08 degrees of longitude
 * there, so every rectangle edge that passes through the tower cuts it along a straight line. The
 * footprints are drawn with 256 chords per turn, placed symmetrically about the tower's axes, so
 * the expected halves and quarters hold up to floating-point rounding: each weight is checked to
 * within 1 of its exact value out of 2^16 (the largest-remainder step moves at most one unit).
 */
class CoverageWeightsTest {
  private static final GeometryFactory F = new GeometryFactory();
  private static final int U = CoverageWeights.UNIT;
  private static final int OUT = CellHistory.Shares.OUTSIDE;

  private static Region box(String id, double lon0, double lon1, double lat0, double lat1) {
    return new Region(id, id, F.toGeometry(new Envelope(lon0, lon1, lat0, lat1)));
  }

  private static CoverageWeights weights(Region... regions) {
    return new CoverageWeights(new RegionSet("test", List.of(regions), "0"));
  }

  /** Left half (x < 0), upper right (x > 0, y > 0), lower right (x > 0, y < 0) around (55, 10). */
  private static final Region LEFT = box("left", 9, 10, 54, 56);
  private static final Region UPPER_RIGHT = box("upper-right", 10, 11, 55, 56);
  private static final Region LOWER_RIGHT = box("lower-right", 10, 11, 54, 55);

  private static void assertShares(int[] regions, int[] expected, CellHistory.Shares s) {
    assertArrayEquals(regions, s.regions(), s.toString());
    for (int k = 0; k < expected.length; k++) {
      assertTrue(Math.abs(s.weights()[k] - expected[k]) <= 1, s.toString());
    }
    assertEquals(U, Arrays.stream(s.weights()).sum(), "the weights add up to exactly one unit");
  }

  @Test
  void aSectorBisectedByASquaresEdgeIsHalfInside() {
    // The square's west edge runs north through the tower; the sector points north along it.
    CoverageWeights w = weights(box("square", 10, 10.5, 54.5, 55.5));
    assertShares(new int[] {0, OUT}, new int[] {U / 2, U / 2}, w.of(55, 10, 5000, 0, 90));
    // Pointing east, into the square: wholly inside. Pointing west: wholly outside.
    assertShares(new int[] {0}, new int[] {U}, w.of(55, 10, 5000, 90, 90));
    assertShares(new int[] {OUT}, new int[] {U}, w.of(55, 10, 5000, 270, 90));
  }

  @Test
  void aCircleSpanningThreeRegionsIsSplitHalfQuarterQuarter() {
    CoverageWeights w = weights(LEFT, UPPER_RIGHT, LOWER_RIGHT);
    assertShares(new int[] {0, 1, 2}, new int[] {U / 2, U / 4, U / 4}, w.of(55, 10, 5000, Double.NaN, Double.NaN));
    // A beamwidth of 360 is the same circle.
    assertEquals(w.of(55, 10, 5000, Double.NaN, Double.NaN), w.of(55, 10, 5000, 123, 360));
  }

  @Test
  void aCircleOnTheOuterEdgeHasAnOutsideShare() {
    CoverageWeights w = weights(LEFT, UPPER_RIGHT, LOWER_RIGHT);
    assertShares(new int[] {1, 2, OUT}, new int[] {U / 4, U / 4, U / 2}, w.of(55, 11, 5000, Double.NaN, Double.NaN));
  }

  @Test
  void aCircleWhollyInOneRegionAndOneWhollyOutside() {
    CoverageWeights w = weights(LEFT, UPPER_RIGHT, LOWER_RIGHT);
    assertShares(new int[] {0}, new int[] {U}, w.of(55, 9.5, 5000, Double.NaN, Double.NaN));
    CellHistory.Shares outside = w.of(60, 20, 5000, Double.NaN, Double.NaN);
    assertShares(new int[] {OUT}, new int[] {U}, outside);
    assertTrue(outside.whollyOutside());
  }

  @Test
  void whereRegionsOverlapTheFirstInFileOrderWins() {
    // "right" covers both right quarters and comes first: the later quarters get nothing.
    CoverageWeights w = weights(box("right", 10, 11, 54, 56), LEFT, UPPER_RIGHT, LOWER_RIGHT);
    assertShares(new int[] {0, 1}, new int[] {U / 2, U / 2}, w.of(55, 10, 5000, Double.NaN, Double.NaN));
  }

  @Test
  void aRowWithoutRangeGivesTheWholeUnitToItsTowersRegion() {
    CoverageWeights w = weights(LEFT, UPPER_RIGHT, LOWER_RIGHT);
    assertShares(new int[] {1}, new int[] {U}, w.of(new CellRow("c", 55.5, 10.5, 0, 0)));
    assertShares(new int[] {OUT}, new int[] {U}, w.of(new CellRow("c", 60, 20, 0, 0)));
  }

  @Test
  void theCircleLosesAboutOneTenThousandthOfItsAreaToItsChords() {
    double area = Footprint.metric(F, 1000, Double.NaN, Double.NaN).getArea();
    double lost = 1 - area / (Math.PI * 1000 * 1000);
    assertTrue(lost > 0.99e-4 && lost < 1.01e-4, "lost " + lost); // Footprint and README: 0.01 %
  }

  @Test
  void quantisedWeightsAddUpToTheUnitByLargestRemainder() {
    assertEquals(65_536, U); // README: "add up to exactly 65,536"
    assertEquals(256, Footprint.SEGMENTS); // README: "256 chords per full turn"
    assertArrayEquals(new int[] {21846, 21845, 21845}, CoverageWeights.quantise(new double[] {1, 1, 1}, U));
    assertArrayEquals(new int[] {0, U}, CoverageWeights.quantise(new double[] {0, 0.3}, U));
    for (double[] f : new double[][] {{0.1, 0.2, 0.7}, {1e-9, 1 - 1e-9}, {0.33, 0.33, 0.33, 0.01}}) {
      assertEquals(U, Arrays.stream(CoverageWeights.quantise(f, U)).sum());
    }
  }
}
