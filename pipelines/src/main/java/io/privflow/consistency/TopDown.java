package io.privflow.consistency;

/**
 * Makes one window's hierarchy of noisy counts consistent: non-negative integers, each cell equal
 * to the sum of its children. Post-processing of noisy values and public variances only (a
 * {@link Node} has no place for a true count), so it costs no privacy budget.
 *
 * <ol>
 *   <li><b>Up</b> (bottom-up weighted least squares; Hay et al. 2010, with the weights of Cormode et
 *       al. 2012 for unequal budgets): each cell's estimate from its own subtree is the
 *       inverse-variance weighted mean of its own noisy value and the sum of its children's
 *       estimates. A cell with a rest keeps its own value (its children's sum misses the rest); a
 *       cell without a measurement takes its children's sum.
 *   <li><b>Down</b> (top-down, as the 2020 US Census TopDown): the top cell's value is its estimate
 *       rounded, at least 0; then, parent by parent, the children's estimates are projected onto
 *       the non-negative values that add up to the parent's integer ({@link Projection}), and
 *       rounded to integers with the same sum ({@link ControlledRounding}).
 * </ol>
 *
 * Without non-negativity and rounding the two passes give the generalised least-squares estimate
 * of the tree (the best linear unbiased one); the projection adds the constraint that counts are
 * not negative and the rounding that they are whole.
 */
public final class TopDown {
  private TopDown() {}

  /** Sets every node's consistent value. */
  public static void estimate(Node top) {
    up(top);
    long value = Math.max(0, Math.round(top.estimate));
    down(top, value);
  }

  private static void up(Node n) {
    double sum = 0;
    double variance = 0;
    for (Node c : n.children) {
      up(c);
      sum += c.estimate;
      variance += c.estimateVariance;
    }
    boolean children = !n.children.isEmpty();
    if (n.measured && children && !n.rest) {
      double w = 1 / n.variance;
      double wc = 1 / variance;
      n.estimate = (n.noisy * w + sum * wc) / (w + wc);
      n.estimateVariance = 1 / (w + wc);
    } else if (n.measured) {
      n.estimate = n.noisy;
      n.estimateVariance = n.variance;
    } else if (children) {
      n.estimate = sum;
      n.estimateVariance = variance;
    } else {
      n.estimate = 0; // nothing measured here or below: only a rest, which the parent fills
      n.estimateVariance = Double.POSITIVE_INFINITY;
    }
  }

  private static void down(Node n, long value) {
    n.value = value;
    int k = n.children.size();
    if (k == 0) {
      n.restValue = n.rest ? value : 0;
      if (!n.rest && value != 0 && !n.measured) {
        throw new IllegalStateException("a cell without children or rest cannot hold a value");
      }
      return;
    }
    double[] z = new double[k];
    double[] v = new double[k];
    for (int i = 0; i < k; i++) {
      Node c = n.children.get(i);
      z[i] = c.estimate;
      // A child with nothing measured below it has infinite variance: it takes only what its
      // parent leaves, which a tiny weight (a huge variance) gives it.
      v[i] = Double.isInfinite(c.estimateVariance) ? 1e30 : c.estimateVariance;
    }
    double[] x = Projection.onto(z, v, value, n.rest);
    double[] all = java.util.Arrays.copyOf(x, n.rest ? k + 1 : k);
    if (n.rest) {
      double sum = 0;
      for (double xi : x) {
        sum += xi;
      }
      all[k] = Math.max(0, value - sum);
    }
    long[] rounded = ControlledRounding.round(all, value);
    n.restValue = n.rest ? rounded[k] : 0;
    for (int i = 0; i < k; i++) {
      down(n.children.get(i), rounded[i]);
    }
  }
}
