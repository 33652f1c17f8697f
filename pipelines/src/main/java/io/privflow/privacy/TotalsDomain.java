package io.privflow.privacy;

/**
 * The public domain of window totals: one cell per window (time slot) of the metric being added
 * up. Cell {@code w} counts the contributions of window w over every region.
 */
public record TotalsDomain(int windows) implements CellDomain {

  public TotalsDomain {
    if (windows < 1) {
      throw new IllegalArgumentException("window totals need at least one window");
    }
  }

  @Override
  public int slots() {
    return windows;
  }

  @Override
  public long cellsPerSlot() {
    return 1;
  }
}
