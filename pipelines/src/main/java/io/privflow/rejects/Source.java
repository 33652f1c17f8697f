package io.privflow.rejects;

/** The kinds of input a record can come from; used in counters, rejections and reconciliation. */
public enum Source {
  NETWORK_EVENTS("network_events"),
  GPS_EVENTS("gps_events"),
  CELLS("cells");

  private final String label;

  Source(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
