package io.privflow.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;

/**
 * The estimator's pieces on made-up noisy values: the projection meets its optimality conditions,
 * the rounding keeps sums and signs, and the two passes give the generalised least-squares estimate
 * when no value is clipped. Seeded test generators only: these values are not noise.
 */
class TopDownTest {
  private final Random random = new Random(20240515);

  @Test
  void theProjectionMeetsItsOptimalityConditions() {
    for (int trial = 0; trial < 500; trial++) {
      int n = 1 + random.nextInt(30);
      double[] z = new double[n];
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        z[i] = random.nextGaussian() * 20 + (random.nextBoolean() ? 10 : -5);
        v[i] = 1 + random.nextInt(3) * 7.5;
      }
      double p = random.nextInt(200);
      double[] x = Projection.onto(z, v, p, false);
      assertEquals(p, Arrays.stream(x).sum(), 1e-6);
      // KKT: x_i = max(0, z_i + lambda v_i) for one lambda shared by the positive values
      double lambda = Double.NaN;
      for (int i = 0; i < n; i++) {
        assertTrue(x[i] >= 0);
        if (x[i] > 1e-9) {
          double l = (x[i] - z[i]) / v[i];
          if (Double.isNaN(lambda)) {
            lambda = l;
          }
          assertEquals(lambda, l, 1e-6);
        }
      }
      for (int i = 0; i < n && !Double.isNaN(lambda); i++) {
        if (x[i] <= 1e-9) {
          assertTrue(z[i] + lambda * v[i] <= 1e-6, "a zero that the shared shift would make positive");
        }
      }
    }
  }

  @Test
  void withARestChildrenAreOnlyPushedDown() {
    double[] z = {5, -3, 7};
    double[] v = {1, 1, 1};
    assertEquals(List.of(5.0, 0.0, 7.0), boxed(Projection.onto(z, v, 20, true)), "room left: the rest takes 8");
    double[] x = Projection.onto(z, v, 6, true);
    assertEquals(6, Arrays.stream(x).sum(), 1e-9, "too much: pushed down to the parent");
    assertEquals(List.of(2.0, 0.0, 4.0), boxed(x));
  }

  @Test
  void roundingKeepsTheTotalAndTheSigns() {
    for (int trial = 0; trial < 500; trial++) {
      int n = 1 + random.nextInt(40);
      double[] x = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        x[i] = random.nextInt(4) == 0 ? 0 : random.nextDouble() * 30;
        sum += x[i];
      }
      long total = Math.round(sum);
      double scale = sum == 0 ? 0 : total / sum;
      for (int i = 0; i < n; i++) {
        x[i] *= scale;
      }
      long[] r = ControlledRounding.round(x, total);
      assertEquals(total, Arrays.stream(r).sum());
      for (int i = 0; i < n; i++) {
        assertTrue(r[i] == Math.floor(x[i]) || r[i] == Math.ceil(x[i]), x[i] + " -> " + r[i]);
      }
    }
    assertEquals(List.of(1L, 1L, 1L), boxedLong(ControlledRounding.round(new double[] {1, 1, 1}, 3)));
    // equal fractional parts: the lower index gets the unit
    assertEquals(List.of(1L, 0L), boxedLong(ControlledRounding.round(new double[] {0.5, 0.5}, 1)));
  }

  /**
   * A whole tree (a total, 3 coarse cells with 2 to 4 fine cells each) with large values, so that
   * nothing is clipped at 0: the consistent values are the GLS estimate of the fine cells (solved
   * here by linear algebra from every measurement), rounded, and every sum holds.
   */
  @Test
  void withoutClippingTheTwoPassesGiveTheLeastSquaresEstimate() {
    for (int trial = 0; trial < 50; trial++) {
      int[] kids = {2, 3, 4};
      double vt = 40;
      double vc = 12;
      double vf = 6;
      List<double[]> rows = new ArrayList<>(); // each measurement: which fine cells it adds up
      List<Double> ys = new ArrayList<>();
      List<Double> ws = new ArrayList<>();
      int leaves = Arrays.stream(kids).sum();
      Node root = Node.measured(0, 0, vt, false);
      long total = 0;
      int leaf = 0;
      List<Node> fineNodes = new ArrayList<>();
      for (int c = 0; c < kids.length; c++) {
        double[] coarseRow = new double[leaves];
        long coarseSum = 0;
        List<Node> fine = new ArrayList<>();
        for (int f = 0; f < kids[c]; f++, leaf++) {
          long y = 500 + random.nextInt(300);
          coarseSum += y;
          coarseRow[leaf] = 1;
          double[] row = new double[leaves];
          row[leaf] = 1;
          rows.add(row);
          ys.add((double) y);
          ws.add(1 / vf);
          fine.add(Node.measured(leaf, y, vf, false));
        }
        long yc = coarseSum + random.nextInt(41) - 20;
        rows.add(coarseRow);
        ys.add((double) yc);
        ws.add(1 / vc);
        Node cn = Node.measured(100 + c, yc, vc, false);
        fine.forEach(cn::add);
        fineNodes.addAll(fine);
        root.add(cn);
        total += yc;
      }
      long yt = total + random.nextInt(61) - 30;
      double[] all = new double[leaves];
      Arrays.fill(all, 1);
      rows.add(all);
      ys.add((double) yt);
      ws.add(1 / vt);
      Node top = Node.measured(0, yt, vt, false);
      root.children().forEach(top::add);
      TopDown.estimate(top);

      double[] gls = gls(rows, ys, ws, leaves);
      for (int i = 0; i < leaves; i++) {
        assertEquals(gls[i], fineNodes.get(i).value(), 1.5, "fine cell " + i);
      }
      long sum = 0;
      for (Node c : top.children()) {
        assertEquals(c.value(), c.children().stream().mapToLong(Node::value).sum());
        sum += c.value();
      }
      assertEquals(top.value(), sum);
    }
  }

  private static double[] gls(List<double[]> rows, List<Double> ys, List<Double> ws, int n) {
    RealMatrix a = new Array2DRowRealMatrix(rows.toArray(new double[0][]));
    RealMatrix w = new Array2DRowRealMatrix(rows.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      w.setEntry(i, i, ws.get(i));
    }
    RealVector y = new ArrayRealVector(ys.stream().mapToDouble(Double::doubleValue).toArray());
    RealMatrix atw = a.transpose().multiply(w);
    return new LUDecomposition(atw.multiply(a)).getSolver().solve(atw.operate(y)).toArray();
  }

  /** Sparse noisy values, many negative: every value non-negative and whole, every sum exact. */
  @Test
  void noisyNegativeValuesBecomeConsistentNonNegativeIntegers() {
    for (int trial = 0; trial < 200; trial++) {
      boolean measuredTop = random.nextBoolean();
      Node top = measuredTop ? Node.measured(0, random.nextInt(40) - 10, 50, false) : Node.unmeasured(0, false);
      for (int c = 0; c < 1 + random.nextInt(6); c++) {
        Node cn = Node.measured(c, random.nextInt(30) - 12, 20, false);
        for (int f = 0; f < 1 + random.nextInt(8); f++) {
          cn.add(Node.measured(f, random.nextInt(20) - 10, 10, false));
        }
        top.add(cn);
      }
      TopDown.estimate(top);
      long sum = 0;
      for (Node c : top.children()) {
        assertTrue(c.value() >= 0);
        long kids = 0;
        for (Node f : c.children()) {
          assertTrue(f.value() >= 0);
          kids += f.value();
        }
        assertEquals(c.value(), kids);
        sum += c.value();
      }
      assertEquals(top.value(), sum);
    }
  }

  /**
   * A partition selection's tree: a measured total over two selected coarse cells and a coarse
   * cell known only through its one selected fine cell; rests take what the selected cells leave.
   */
  @Test
  void restsTakeWhatSelectedCellsLeave() {
    Node top = Node.measured(0, 100, 30, true);
    Node a = Node.measured(1, 40, 10, true).add(Node.measured(10, 25, 5, false));
    Node b = Node.measured(2, 20, 10, false).add(Node.measured(20, 12, 5, false)).add(Node.measured(21, 9, 5, false));
    Node c = Node.unmeasured(3, true).add(Node.measured(30, 15, 5, false));
    top.add(a).add(b).add(c);
    TopDown.estimate(top);
    assertEquals(100, top.value(), "a total with a rest keeps its own noisy value");
    assertEquals(40, a.value());
    assertEquals(25, a.children().get(0).value());
    assertEquals(15, a.restValue(), "a's unselected fine cells");
    assertEquals(a.value(), a.children().get(0).value() + a.restValue());
    assertEquals(b.value(), b.children().get(0).value() + b.children().get(1).value(), "b: all children selected");
    assertEquals(15, c.value(), "an unselected coarse cell is at least its selected fine cell");
    assertEquals(top.value(), a.value() + b.value() + c.value() + top.restValue());
  }

  private static List<Double> boxed(double[] x) {
    return Arrays.stream(x).boxed().map(d -> Math.round(d * 1e9) / 1e9).toList();
  }

  private static List<Long> boxedLong(long[] x) {
    return Arrays.stream(x).boxed().toList();
  }
}
