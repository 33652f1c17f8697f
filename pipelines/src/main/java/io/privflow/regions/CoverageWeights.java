package io.privflow.regions;

import io.privflow.model.CellRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Splits a cell's {@link Footprint} over the regions by area: each region's share is the part of
 * the footprint inside it, taken in file order with the parts of earlier regions removed (so where
 * regions overlap the first one wins, as in {@link RegionIndex}); what no region holds is the
 * outside share. The shares are quantised to integers that add up to exactly {@link #UNIT}
 * (largest remainder), so the weights of a cell sum to one unit whatever the rounding.
 *
 * <p>The overlay runs in longitude/latitude and each part is measured in the tower's metric frame
 * (an affine map of it, see {@link Footprint}), so the ratios are those of the metric frame.
 * Computed once per cell-reference row (see {@link LocateCells}), never per event. Not
 * thread-safe to build; build once per DoFn.
 */
public final class CoverageWeights {
  /** The weights of one footprint add up to this. */
  public static final int UNIT = 1 << 16;

  private final List<Region> regions;
  private final RegionIndex towers;
  private final STRtree tree = new STRtree();
  private final PreparedGeometry[] prepared;
  private final GeometryFactory factory = new GeometryFactory();
  /**
   * A grid's cells do not overlap, so no region's part needs the parts of earlier ones taken out:
   * each part is the footprint's intersection with the cell (a grid footprint can cover a hundred
   * cells, and taking each part out of the remainder made every next overlay larger).
   */
  private final boolean disjoint;

  public CoverageWeights(RegionSet set) {
    regions = set.regions();
    disjoint = set.grid() != null;
    towers = new RegionIndex(set);
    prepared = new PreparedGeometry[regions.size()];
    for (int i = 0; i < regions.size(); i++) {
      Geometry g = regions.get(i).geometry();
      prepared[i] = PreparedGeometryFactory.prepare(g);
      tree.insert(g.getEnvelopeInternal(), i);
    }
    tree.build();
  }

  /**
   * A row's shares: by its footprint when it has a range, else the whole unit to the region that
   * holds its tower (or outside, when none does).
   */
  public CellHistory.Shares of(CellRow c) {
    if (!c.hasRange()) {
      int r = towers.locate(c.lat(), c.lon());
      return new CellHistory.Shares(new int[] {r < 0 ? CellHistory.Shares.OUTSIDE : r}, new int[] {UNIT});
    }
    return of(c.lat(), c.lon(), c.rangeM(), c.azimuthDeg(), c.beamwidthDeg());
  }

  /** The shares of a footprint (see {@link Footprint#metric}); the outside share, if any, last. */
  public CellHistory.Shares of(double lat, double lon, double rangeM, double azimuthDeg, double beamwidthDeg) {
    AffineTransformation toLonLat = Footprint.toLonLat(lat, lon);
    AffineTransformation toMetric;
    try {
      toMetric = toLonLat.getInverse();
    } catch (org.locationtech.jts.geom.util.NoninvertibleTransformationException e) {
      throw new IllegalStateException("the local frame of a tower is not invertible", e);
    }
    Geometry footprint = toLonLat.transform(Footprint.metric(factory, rangeM, azimuthDeg, beamwidthDeg));
    double total = toMetric.transform(footprint).getArea();
    List<Integer> candidates = new ArrayList<>();
    for (Object o : tree.query(footprint.getEnvelopeInternal())) {
      candidates.add((Integer) o);
    }
    candidates.sort(null);
    List<Integer> hit = new ArrayList<>();
    List<Double> area = new ArrayList<>();
    Geometry remaining = footprint;
    for (int i : candidates) {
      if (remaining.isEmpty()) {
        break;
      }
      if (prepared[i].covers(remaining)) {
        hit.add(i);
        area.add(toMetric.transform(remaining).getArea());
        remaining = factory.createPolygon();
        break;
      }
      if (!prepared[i].intersects(remaining)) {
        continue;
      }
      // Only the areal part counts: where the footprint touches a region along an edge or at a point (grid
      // cells that meet the part already taken), the intersection also holds lines or points, and an overlay
      // of mixed dimensions is refused.
      Geometry part = areal(OverlayNGRobust.overlay(remaining, regions.get(i).geometry(), OverlayNG.INTERSECTION));
      double a = toMetric.transform(part).getArea();
      if (a > 0) {
        hit.add(i);
        area.add(a);
        if (!disjoint) {
          // The difference too: when the robust overlay falls back to snapping, it can leave collapsed lines.
          remaining = areal(OverlayNGRobust.overlay(remaining, part, OverlayNG.DIFFERENCE));
        }
      }
    }
    double inside = area.stream().mapToDouble(Double::doubleValue).sum();
    int n = hit.size();
    double[] fraction = new double[n + 1];
    for (int k = 0; k < n; k++) {
      fraction[k] = area.get(k) / total;
    }
    fraction[n] = Math.max(0, 1 - inside / total);
    int[] weight = quantise(fraction, UNIT);
    int kept = 0;
    for (int w : weight) {
      kept += w > 0 ? 1 : 0;
    }
    int[] rs = new int[kept];
    int[] ws = new int[kept];
    int j = 0;
    for (int k = 0; k <= n; k++) {
      if (weight[k] > 0) {
        rs[j] = k < n ? hit.get(k) : CellHistory.Shares.OUTSIDE;
        ws[j++] = weight[k];
      }
    }
    return new CellHistory.Shares(rs, ws);
  }

  /** The polygons of a geometry (an overlay's result may mix polygons with lines and points). */
  private Geometry areal(Geometry g) {
    if (g instanceof org.locationtech.jts.geom.Polygonal) {
      return g;
    }
    return factory.buildGeometry(org.locationtech.jts.geom.util.PolygonExtracter.getPolygons(g));
  }

  /**
   * Non-negative integers proportional to {@code fraction} that add up to exactly {@code unit}:
   * each gets the floor of its exact share (the fractions scaled to sum to 1), and the units left
   * over go to the largest remainders, ties to the lower position.
   */
  static int[] quantise(double[] fraction, int unit) {
    double sum = Arrays.stream(fraction).sum();
    int[] w = new int[fraction.length];
    double[] rest = new double[fraction.length];
    int given = 0;
    for (int k = 0; k < fraction.length; k++) {
      double exact = sum > 0 ? fraction[k] / sum * unit : 0;
      w[k] = (int) Math.floor(exact);
      rest[k] = exact - w[k];
      given += w[k];
    }
    Integer[] order = new Integer[fraction.length];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> rest[a] != rest[b] ? Double.compare(rest[b], rest[a]) : Integer.compare(a, b));
    for (int k = 0; given < unit; k = (k + 1) % order.length) {
      w[order[k]]++;
      given++;
    }
    return w;
  }
}
