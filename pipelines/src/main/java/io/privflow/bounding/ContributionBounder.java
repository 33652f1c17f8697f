package io.privflow.bounding;

import io.privflow.locate.Movements;
import io.privflow.model.DeviceTrajectory;
import io.privflow.privacy.CellDomain;
import io.privflow.privacy.HomeOdDomain;
import io.privflow.privacy.HomePresenceDomain;
import io.privflow.privacy.OdDomain;
import io.privflow.privacy.PresenceDomain;
import io.privflow.privacy.Sensitivity;
import java.io.Serializable;
import java.security.SecureRandom;

/**
 * Turns one device's trajectory into the domain cells it contributes to, at most {@code max} of
 * them, each distinct. Plain Java, so the release mechanism can be run (and audited) without Beam.
 */
public interface ContributionBounder extends Serializable {
  /** Every cell the device would contribute to without the bound, each distinct. */
  long[] candidates(DeviceTrajectory trajectory);

  /** The per-device cap: at most this many distinct cells, 1 each. */
  int max();

  /** The kept cells; a uniformly random subset of size {@code max} when there are more. */
  default long[] cells(DeviceTrajectory trajectory, SecureRandom random) {
    return UniformSubset.choose(candidates(trajectory), max(), random);
  }

  /** What one device can change: {@code max} distinct cells by 1, so L1 = L2^2 = max. */
  default Sensitivity sensitivity() {
    return Sensitivity.distinctCells(max());
  }

  /** OD: one cell per transition between adjacent windows, at most {@code max} transitions. */
  static ContributionBounder transitions(OdDomain domain, int max) {
    return new ContributionBounder() {
      @Override
      public long[] candidates(DeviceTrajectory t) {
        Movements m = Movements.of(t);
        long[] all = new long[m.size()];
        for (int i = 0; i < all.length; i++) {
          all[i] = domain.cell(m.windows()[i], m.origins()[i], m.destinations()[i]);
        }
        return all;
      }

      @Override
      public int max() {
        return max;
      }
    };
  }

  /**
   * Window totals of a cell metric: the distinct windows (time slots of {@code source}) of the
   * cells {@code cells} would give the device without its bound, at most {@code max} of them.
   * Distinct by construction, so one device adds at most 1 to each of at most {@code max} windows'
   * totals, whatever the cell metric does within a window: L1 = L2^2 = max.
   */
  static ContributionBounder windows(ContributionBounder cells, CellDomain source, int max) {
    return new ContributionBounder() {
      @Override
      public long[] candidates(DeviceTrajectory t) {
        return java.util.Arrays.stream(cells.candidates(t)).map(source::slotOf).distinct().toArray();
      }

      @Override
      public int max() {
        return max;
      }
    };
  }

  /** Presence: one cell per located window (its modal region), at most {@code max} windows. */
  static ContributionBounder presence(PresenceDomain domain, int max) {
    return new ContributionBounder() {
      @Override
      public long[] candidates(DeviceTrajectory t) {
        long[] all = new long[t.length()];
        for (int i = 0; i < all.length; i++) {
          all[i] = domain.cell(t.windows()[i], t.regions()[i]);
        }
        return all;
      }

      @Override
      public int max() {
        return max;
      }
    };
  }

  /**
   * Home presence: one cell per located window (its home, its modal region), at most {@code max}
   * windows. A device has one home, so this is presence with the home as one more coordinate.
   */
  static ContributionBounder homePresence(HomePresenceDomain domain, int max) {
    return new ContributionBounder() {
      @Override
      public long[] candidates(DeviceTrajectory t) {
        int home = homeIndex(t, domain.unknownHome());
        long[] all = new long[t.length()];
        for (int i = 0; i < all.length; i++) {
          all[i] = domain.cell(t.windows()[i], home, t.regions()[i]);
        }
        return all;
      }

      @Override
      public int max() {
        return max;
      }
    };
  }

  /** Home OD: one cell per transition (its home, origin, destination), at most {@code max} transitions. */
  static ContributionBounder homeTransitions(HomeOdDomain domain, int max) {
    return new ContributionBounder() {
      @Override
      public long[] candidates(DeviceTrajectory t) {
        int home = homeIndex(t, domain.unknownHome());
        Movements m = Movements.of(t);
        long[] all = new long[m.size()];
        for (int i = 0; i < all.length; i++) {
          all[i] = domain.cell(m.windows()[i], home, m.origins()[i], m.destinations()[i]);
        }
        return all;
      }

      @Override
      public int max() {
        return max;
      }
    };
  }

  /** The domain's home index of a device: its home region, or the domain's unknown home. */
  private static int homeIndex(DeviceTrajectory t, int unknown) {
    return t.home() == DeviceTrajectory.UNKNOWN_HOME ? unknown : t.home();
  }
}
