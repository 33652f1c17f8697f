package io.privflow.privacy;

/**
 * The public domain of a presence release: every (window, region). Cell {@code w * regions + r}
 * counts the distinct devices located in region r during window w.
 */
public record PresenceDomain(int windows, int regions) implements CellDomain {

  public PresenceDomain {
    if (windows < 1 || regions < 1) {
      throw new IllegalArgumentException("a presence release needs at least one window and one region");
    }
  }

  @Override
  public int slots() {
    return windows;
  }

  @Override
  public long cellsPerSlot() {
    return regions;
  }

  public long cell(int window, int region) {
    return (long) window * regions + region;
  }

  public int regionOf(long cell) {
    return (int) (cell % regions);
  }
}
