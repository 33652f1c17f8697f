package io.privflow.consistency;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The weighted least-squares step of the top-down estimator: the non-negative values closest to
 * the estimates {@code z}, in the metric of their variances {@code v}, that add up to a parent's
 * value {@code p}:
 *
 * <pre>  minimise sum (x_i - z_i)^2 / v_i  subject to  x_i >= 0,  sum x_i = p  (or <= p with a rest)</pre>
 *
 * <p>By the KKT conditions the solution is {@code x_i = max(0, z_i + lambda v_i)} for the one
 * lambda at which the values add up to p: the parent's surplus or deficit is shared in proportion
 * to the variances, and a value that would go below 0 stops at 0. With a <em>rest</em> (the
 * parent's children that have no measurement of their own, in a partition selection) the sum may
 * stay below p, the rest taking the difference, so the measured children are only ever pushed down.
 * Plain arithmetic on noisy values and public variances: no data, no randomness.
 */
public final class Projection {
  private Projection() {}

  /**
   * @param z the children's estimates (noisy values or subtree estimates; any sign)
   * @param v their variances, each positive and finite
   * @param p the parent's value, at least 0
   * @param rest whether the children may add up to less than p (the rest taking the difference)
   * @return x, non-negative, adding up to p (to floating-point accuracy), or to at most p with a rest
   */
  public static double[] onto(double[] z, double[] v, double p, boolean rest) {
    int n = z.length;
    if (p < 0 || Double.isNaN(p)) {
      throw new IllegalArgumentException("a parent's value must be at least 0");
    }
    double[] x = new double[n];
    if (rest) {
      double kept = 0;
      for (int i = 0; i < n; i++) {
        x[i] = Math.max(0, z[i]);
        kept += x[i];
      }
      if (kept <= p) {
        return x;
      }
    }
    if (n == 0 || p == 0) {
      return new double[n];
    }
    // x_i > 0 exactly when lambda > -z_i / v_i: take the children in that order, and find how many
    // are positive at the solution (the sum is increasing and piecewise linear in lambda).
    Integer[] order = new Integer[n];
    double[] breakAt = new double[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      breakAt[i] = -z[i] / v[i];
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> breakAt[i]).thenComparingInt(i -> i));
    double sumZ = 0;
    double sumV = 0;
    double lambda = 0;
    for (int m = 0; m < n; m++) {
      int i = order[m];
      sumZ += z[i];
      sumV += v[i];
      lambda = (p - sumZ) / sumV;
      boolean last = m == n - 1;
      if (last || lambda <= breakAt[order[m + 1]]) {
        break;
      }
    }
    for (int i = 0; i < n; i++) {
      x[i] = Math.max(0, z[i] + lambda * v[i]);
    }
    return x;
  }
}
