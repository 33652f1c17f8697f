package io.privflow.privacy.ledger;

import io.privflow.privacy.Accounting;
import java.math.BigDecimal;

/**
 * One budget period of a dataset: its total (as the latest reservation saw the policy), what
 * committed or abandoned releases spent, and what runs in progress hold; and the same for delta
 * (spent only by partition selections, held against the dataset's delta budget).
 */
public record PeriodBalance(String dataset, String period, Accounting accounting, BigDecimal total,
    BigDecimal committed, BigDecimal reserved, BigDecimal deltaCommitted, BigDecimal deltaReserved) {

  public BigDecimal remaining() {
    return total.subtract(committed).subtract(reserved);
  }
}
