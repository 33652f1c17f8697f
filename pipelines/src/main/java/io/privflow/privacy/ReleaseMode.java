package io.privflow.privacy;

/**
 * Which cells a release can publish.
 *
 * <ul>
 *   <li>{@link #FULL_DOMAIN}: every cell of the public domain gets noise, empty ones included, and
 *       is published when its noisy value reaches k. Which cells exist never depends on the data,
 *       so this is pure DP with a Laplace noise; but on a sparse table most published cells can be
 *       empty ones whose noise alone reached k.
 *   <li>{@link #PARTITION_SELECTION}: only cells that hold at least one (bounded) contribution get
 *       noise and can be published, above a threshold set so that a cell only one device fills is
 *       published with probability at most delta / L. No empty cell is ever published; the price is
 *       a delta, so it needs (epsilon, delta) accounting (a zCDP dataset).
 * </ul>
 */
public enum ReleaseMode {
  FULL_DOMAIN("full_domain"),
  PARTITION_SELECTION("partition_selection");

  private final String label;

  ReleaseMode(String label) {
    this.label = label;
  }

  /** The name in requests and release files. */
  public String label() {
    return label;
  }

  public static ReleaseMode ofLabel(String label) {
    for (ReleaseMode m : values()) {
      if (m.label.equals(label)) {
        return m;
      }
    }
    return null;
  }
}
