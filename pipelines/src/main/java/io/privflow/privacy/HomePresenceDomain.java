package io.privflow.privacy;

/**
 * The public domain of a home-presence release: every (window, home, region), where home is one of
 * the {@code regions} regions or the public category "unknown" (index {@code regions}), so
 * {@code homes = regions + 1}. Cell {@code (w * homes + h) * regions + r} counts the distinct devices
 * with home h located in region r during window w.
 */
public record HomePresenceDomain(int windows, int homes, int regions) implements CellDomain {

  public HomePresenceDomain {
    if (windows < 1 || regions < 1) {
      throw new IllegalArgumentException("a home-presence release needs at least one window and one region");
    }
    if (homes != regions + 1) {
      throw new IllegalArgumentException("the homes are the regions and unknown: regions + 1");
    }
  }

  /** The domain over {@code regions} regions, with the unknown home. */
  public static HomePresenceDomain of(int windows, int regions) {
    return new HomePresenceDomain(windows, regions + 1, regions);
  }

  /** The home index of the unknown home. */
  public int unknownHome() {
    return regions;
  }

  @Override
  public int slots() {
    return windows;
  }

  @Override
  public long cellsPerSlot() {
    return (long) homes * regions;
  }

  /** @param home a region index, or {@link #unknownHome()} */
  public long cell(int window, int home, int region) {
    return ((long) window * homes + home) * regions + region;
  }

  public int homeOf(long cell) {
    return (int) ((cell / regions) % homes);
  }

  public int regionOf(long cell) {
    return (int) (cell % regions);
  }
}
