package io.privflow.privacy;

import java.io.Serializable;

/**
 * A public output domain: {@code slots} time slots of {@code cellsPerSlot} cells each, every one of
 * which is noised. Fixed by the request alone, never by the data.
 */
public interface CellDomain extends Serializable {
  int slots();

  long cellsPerSlot();

  default long size() {
    return slots() * cellsPerSlot();
  }

  default int slotOf(long cell) {
    return (int) (cell / cellsPerSlot());
  }
}
