package io.privflow.rejects;

/**
 * Why a record was not used. Codes are stable: operators grep and alert on them. Every code here is
 * produced somewhere (the README lists exactly these, and a test compares the two). An event
 * outside every region, or on a cell whose tower is, is not rejected: it is out of scope and
 * counted as {@code outside_regions} (see Tallies).
 */
public enum Reason {
  /** A required field is absent or empty. */
  MISSING_FIELD,
  /** The row does not have the header's number of columns, or cannot be parsed as CSV. */
  MALFORMED_ROW,
  /** event_time (or a validity date) is not an ISO-8601 instant (date). */
  BAD_TIME,
  /** lat/lon not a number, NaN, infinite, out of range, or exactly (0, 0). */
  BAD_COORDINATE,
  /** A numeric field other than a coordinate is not a finite number. */
  BAD_NUMBER,
  /**
   * A cell-reference row's footprint is impossible: {@code range_m} not above 0, {@code azimuth_deg}
   * outside [0, 360), {@code beamwidth_deg} outside (0, 360], or only one of the last two.
   */
  BAD_FOOTPRINT,
  /** valid_to before valid_from in the cell reference. */
  BAD_VALIDITY,
  /** The identifier is empty once normalised (consent registry; an event reader says MISSING_FIELD). */
  EMPTY_IDENTIFIER,
  /** The event's cell is not in the cell reference. */
  UNKNOWN_CELL,
  /** The cell is in the reference but no row is valid at the event time. */
  CELL_NOT_VALID_AT_TIME,
  /**
   * A consent registry row whose purpose, normalised, is not one of the policy's
   * {@code consent_purposes}: it is never consent, for any purpose.
   */
  UNKNOWN_PURPOSE
}
