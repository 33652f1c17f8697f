package io.privflow.privacy;

import java.util.List;

/**
 * How a dataset's privacy budget composes over its releases, and the unit it is kept in.
 *
 * <ul>
 *   <li>{@link #PURE_DP}: the budget is an epsilon; epsilons add (basic composition).
 *   <li>{@link #ZCDP}: the budget is a rho; rhos add (Bun and Steinke 2016). An epsilon-DP release
 *       is (epsilon^2 / 2)-zCDP, so it can be charged here too (see {@link Guarantee#cost}).
 * </ul>
 */
public enum Accounting {
  PURE_DP("pure_dp", "epsilon"),
  ZCDP("zcdp", "rho");

  private final String label;
  private final String unit;

  Accounting(String label, String unit) {
    this.label = label;
    this.unit = unit;
  }

  /** The name in policy files and the ledger: {@code pure_dp} or {@code zcdp}. */
  public String label() {
    return label;
  }

  /** The budget's unit: {@code epsilon} or {@code rho}. */
  public String unit() {
    return unit;
  }

  /** The accounting a label names, or null. */
  public static Accounting ofLabel(String label) {
    for (Accounting a : values()) {
      if (a.label.equals(label)) {
        return a;
      }
    }
    return null;
  }

  /** Sequential composition in this accounting's unit: the parts add up. */
  public Rational compose(List<Rational> parts) {
    Rational sum = Rational.ZERO;
    for (Rational p : parts) {
      sum = sum.plus(p);
    }
    return sum;
  }
}
