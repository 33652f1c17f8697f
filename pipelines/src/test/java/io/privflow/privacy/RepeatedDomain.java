package io.privflow.privacy;

import io.privflow.bounding.ContributionBounder;
import io.privflow.model.DeviceTrajectory;
import java.security.SecureRandom;

/**
 * TEST ONLY: {@code repetitions} independent copies of a release's domain side by side, one per
 * slot, so one pipeline runs the release many times. Repetition {@code r} owns the cells
 * {@code [r * inner.size(), (r + 1) * inner.size())}; the production noise stage, which noises
 * every cell of every slot, therefore noises every cell of every repetition, zero cells included.
 */
record RepeatedDomain(CellDomain inner, int repetitions) implements CellDomain {

  @Override
  public int slots() {
    return repetitions;
  }

  @Override
  public long cellsPerSlot() {
    return inner.size();
  }

  /** The repetition a cell belongs to. */
  int repetitionOf(long cell) {
    return slotOf(cell);
  }

  /** The cell of the inner domain a cell stands for. */
  long innerCell(long cell) {
    return cell % cellsPerSlot();
  }

  /**
   * The production bounder {@code inner}, run unchanged on each device, with its cells moved into
   * the block of the device's repetition: the pseudonym's high long. The cap, and so the
   * sensitivity the noise is calibrated to, is the inner bounder's.
   */
  ContributionBounder bounder(ContributionBounder inner) {
    return new Bounder(this, inner);
  }

  private record Bounder(RepeatedDomain domain, ContributionBounder inner) implements ContributionBounder {
    @Override
    public long[] candidates(DeviceTrajectory t) {
      return shifted(t, inner.candidates(t));
    }

    @Override
    public long[] cells(DeviceTrajectory t, SecureRandom random) {
      return shifted(t, inner.cells(t, random));
    }

    private long[] shifted(DeviceTrajectory t, long[] innerCells) {
      long repetition = t.pseudonym().hi();
      if (repetition < 0 || repetition >= domain.repetitions()) {
        throw new IllegalArgumentException("a device of repetition " + repetition + " outside the domain");
      }
      long[] cells = innerCells.clone();
      for (int i = 0; i < cells.length; i++) {
        if (cells[i] < 0 || cells[i] >= domain.cellsPerSlot()) {
          throw new IllegalArgumentException("the inner bounder gave a cell outside its domain");
        }
        cells[i] += repetition * domain.cellsPerSlot();
      }
      return cells;
    }

    @Override
    public int max() {
      return inner.max();
    }

    @Override
    public Sensitivity sensitivity() {
      return inner.sensitivity();
    }
  }
}
