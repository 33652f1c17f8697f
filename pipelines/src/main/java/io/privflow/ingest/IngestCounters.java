package io.privflow.ingest;

import io.privflow.rejects.Source;

/** Names of the counters every run reconciles: read = accepted + rejected + filtered. */
public final class IngestCounters {
  public static final String NAMESPACE = "privflow";

  private IngestCounters() {}

  public static String read(Source s) {
    return "read." + s.label();
  }

  public static String filtered(Source s) {
    return "filtered." + s.label();
  }

  public static String accepted(Source s) {
    return "accepted." + s.label();
  }
}
