package io.privflow.plan;

/** The aggregate kinds a release can hold. */
public enum Metric {
  /** Devices moving between regions across adjacent windows. */
  OD("od", "od_counts"),
  /** Distinct devices located in each region in each window. */
  PRESENCE("presence", "presence_counts");

  private final String label;
  private final String fileStem;

  Metric(String label, String fileStem) {
    this.label = label;
    this.fileStem = fileStem;
  }

  public String label() {
    return label;
  }

  /** Output files are {@code <stem>.parquet} and {@code <stem>.csv}. */
  public String fileStem() {
    return fileStem;
  }
}
