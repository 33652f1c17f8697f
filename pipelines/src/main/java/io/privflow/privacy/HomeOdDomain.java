package io.privflow.privacy;

/**
 * The public domain of a home-OD release: every (transition slot, home, origin, destination), where
 * home is one of the {@code regions} regions or the public category "unknown" (index
 * {@code regions}), so {@code homes = regions + 1}. Slot {@code w} runs from window {@code w} to
 * window {@code w + 1}, as in {@link OdDomain}. Fixed by the request alone, never by the data.
 */
public record HomeOdDomain(int slots, int homes, int regions) implements CellDomain {

  public HomeOdDomain {
    if (slots < 1) {
      throw new IllegalArgumentException("a home-OD release needs at least two windows");
    }
    if (regions < 1) {
      throw new IllegalArgumentException("a home-OD release needs at least one region");
    }
    if (homes != regions + 1) {
      throw new IllegalArgumentException("the homes are the regions and unknown: regions + 1");
    }
  }

  /** The domain over {@code regions} regions, with the unknown home. */
  public static HomeOdDomain of(int slots, int regions) {
    return new HomeOdDomain(slots, regions + 1, regions);
  }

  /** The home index of the unknown home. */
  public int unknownHome() {
    return regions;
  }

  @Override
  public long cellsPerSlot() {
    return (long) homes * regions * regions;
  }

  /** @param home a region index, or {@link #unknownHome()} */
  public long cell(int slot, int home, int origin, int destination) {
    return (((long) slot * homes + home) * regions + origin) * regions + destination;
  }

  public int homeOf(long cell) {
    return (int) ((cell / ((long) regions * regions)) % homes);
  }

  public int originOf(long cell) {
    return (int) ((cell / regions) % regions);
  }

  public int destinationOf(long cell) {
    return (int) (cell % regions);
  }
}
