package io.privflow.consistency;

/** The tables the consistency step of one cell metric writes. */
public enum Table {
  /** Consistent fine cells that reach the fine threshold. */
  FINE,
  /** Consistent coarse cells that reach the coarse threshold. */
  COARSE,
  /** Per published coarse cell, the part of its value in fine cells that are not published. */
  COARSE_FINE_UNPUBLISHED,
  /** The consistent window total (when window totals are measured). */
  TOTAL,
  /** Raw noisy fine cells, thresholded as a release without a hierarchy would be. */
  FINE_RAW,
  /** Raw noisy coarse cells, likewise. */
  COARSE_RAW,
  /** Raw noisy window totals, every one. */
  TOTAL_RAW
}
