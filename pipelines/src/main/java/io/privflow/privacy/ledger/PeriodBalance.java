package io.privflow.privacy.ledger;

import io.privflow.privacy.Accounting;
import java.math.BigDecimal;

/** One budget period of a dataset: its total, what committed releases spent, what runs hold. */
public record PeriodBalance(String dataset, String period, Accounting accounting, BigDecimal total,
    BigDecimal committed, BigDecimal reserved) {

  public BigDecimal remaining() {
    return total.subtract(committed).subtract(reserved);
  }
}
