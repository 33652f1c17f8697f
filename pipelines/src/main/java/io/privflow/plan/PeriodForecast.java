package io.privflow.plan;

import java.math.BigDecimal;

/**
 * One budget period a release is charged to, in the unit of the dataset's accounting.
 *
 * @param committedBefore spent by committed releases before this one
 * @param heldByOthers held by other runs in progress
 * @param thisRelease this release's charge
 */
public record PeriodForecast(String period, BigDecimal budget, BigDecimal committedBefore, BigDecimal heldByOthers,
    BigDecimal thisRelease) {

  /** Committed spend including this release: the cumulative figure for the period. */
  public BigDecimal cumulative() {
    return committedBefore.add(thisRelease);
  }

  /** What is left once this release is committed (and the runs in progress, if they commit). */
  public BigDecimal remainingAfter() {
    return budget.subtract(committedBefore).subtract(heldByOthers).subtract(thisRelease);
  }
}
