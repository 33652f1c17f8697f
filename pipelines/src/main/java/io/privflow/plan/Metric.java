package io.privflow.plan;

/** The aggregate kinds a release can hold. */
public enum Metric {
  /** Devices moving between regions across adjacent windows. */
  OD("od", "od_counts", null),
  /** Distinct devices located in each region in each window. */
  PRESENCE("presence", "presence_counts", null),
  /** Distinct devices by home region and region where located, per window ("residents of X in Y"). */
  HOME_PRESENCE("home_presence", "home_presence_counts", null),
  /** Devices by home region moving between regions across adjacent windows. */
  HOME_OD("home_od", "home_od_counts", null),
  /** Each origin window's total of OD movements, as its own noisy count. */
  OD_TOTALS("od_totals", "od_totals", OD),
  /** Each window's total of present devices, as its own noisy count. */
  PRESENCE_TOTALS("presence_totals", "presence_totals", PRESENCE);

  private final String label;
  private final String fileStem;
  private final Metric totalOf;

  Metric(String label, String fileStem, Metric totalOf) {
    this.label = label;
    this.fileStem = fileStem;
    this.totalOf = totalOf;
  }

  public String label() {
    return label;
  }

  /** Output files are {@code <stem>.parquet} and {@code <stem>.csv}. */
  public String fileStem() {
    return fileStem;
  }

  /** The cell metric whose window totals this is; null for a cell metric. */
  public Metric totalOf() {
    return totalOf;
  }

  /** Whether this is a metric of window totals (one unthresholded count per window). */
  public boolean isTotal() {
    return totalOf != null;
  }

  /** Whether the metric needs each device's home region (see {@code locate.HomeDetector}). */
  public boolean needsHome() {
    return this == HOME_PRESENCE || this == HOME_OD;
  }

  /** The name of its contribution bound, as the request spells it. */
  public String boundName() {
    Metric counted = isTotal() ? totalOf : this;
    return counted == OD || counted == HOME_OD ? "max_transitions_per_device" : "max_windows_per_device";
  }

  /** The window totals of this cell metric. */
  public Metric totals() {
    for (Metric m : values()) {
      if (m.totalOf == this) {
        return m;
      }
    }
    throw new IllegalArgumentException(label + " has no totals");
  }
}
