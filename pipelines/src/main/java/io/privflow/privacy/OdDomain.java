package io.privflow.privacy;

/**
 * The public output domain of an OD release: every (transition slot, origin, destination) over
 * the listed regions, zero cells included. Transition slot {@code w} runs from window {@code w} to
 * window {@code w + 1}, so a release with W windows has W - 1 slots. Fixed by the request alone,
 * never by the data.
 */
public record OdDomain(int slots, int regions) implements CellDomain {

  public OdDomain {
    if (slots < 1) {
      throw new IllegalArgumentException("an OD release needs at least two windows");
    }
    if (regions < 1) {
      throw new IllegalArgumentException("an OD release needs at least one region");
    }
  }

  @Override
  public long cellsPerSlot() {
    return (long) regions * regions;
  }

  public long cell(int slot, int origin, int destination) {
    return ((long) slot * regions + origin) * regions + destination;
  }

  public int originOf(long cell) {
    return (int) ((cell / regions) % regions);
  }

  public int destinationOf(long cell) {
    return (int) (cell % regions);
  }
}
