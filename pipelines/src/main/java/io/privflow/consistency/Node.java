package io.privflow.consistency;

import java.util.ArrayList;
import java.util.List;

/**
 * One cell of a window's hierarchy (the window's total, a coarse cell or a fine cell) as the
 * estimator sees it: its noisy value and the variance of its noise when it was measured, its
 * children, and whether it also stands for children that have no measurement (a partition
 * selection's cells that were not selected: their values are unknown, so they form one "rest").
 * Holds noisy values only; there is no field for a true count.
 */
public final class Node {
  final long cell;
  final boolean measured;
  final long noisy;
  final double variance;
  final boolean rest;
  final List<Node> children = new ArrayList<>();
  double estimate;
  double estimateVariance;
  long value;
  long restValue;

  /** A measured cell: its noisy value and the (public) variance of its noise. */
  public static Node measured(long cell, long noisy, double variance, boolean rest) {
    if (!(variance > 0) || Double.isInfinite(variance)) {
      throw new IllegalArgumentException("a measured cell needs a positive, finite noise variance");
    }
    return new Node(cell, true, noisy, variance, rest);
  }

  /** A cell without a measurement of its own (only its children tell its value). */
  public static Node unmeasured(long cell, boolean rest) {
    return new Node(cell, false, 0, Double.POSITIVE_INFINITY, rest);
  }

  private Node(long cell, boolean measured, long noisy, double variance, boolean rest) {
    this.cell = cell;
    this.measured = measured;
    this.noisy = noisy;
    this.variance = variance;
    this.rest = rest;
  }

  public Node add(Node child) {
    children.add(child);
    return this;
  }

  public long cell() {
    return cell;
  }

  public boolean isMeasured() {
    return measured;
  }

  public List<Node> children() {
    return children;
  }

  /** The consistent value: a non-negative integer, the sum of its children's and its rest's. */
  public long value() {
    return value;
  }

  /** The part of {@link #value()} that lies in its unmeasured children (0 without a rest). */
  public long restValue() {
    return restValue;
  }

  /** Whether it stands for unmeasured children too. */
  public boolean hasRest() {
    return rest;
  }
}
