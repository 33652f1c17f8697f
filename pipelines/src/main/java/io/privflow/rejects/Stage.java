package io.privflow.rejects;

/** The pipeline stage that rejected a record. */
public enum Stage {
  INGEST,
  PSEUDONYMIZE,
  REGIONS;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
