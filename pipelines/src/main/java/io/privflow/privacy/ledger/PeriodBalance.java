package io.privflow.privacy.ledger;

import java.math.BigDecimal;

/** One budget period of a dataset: its total, what committed releases spent, what runs hold. */
public record PeriodBalance(String dataset, String period, String accounting, BigDecimal total,
    BigDecimal committed, BigDecimal reserved) {

  public BigDecimal remaining() {
    return total.subtract(committed).subtract(reserved);
  }
}
