package io.privflow.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Records read so far in this JVM, for the progress line of embedded runs. Updated once per bundle,
 * never per record. On a cluster it stays at zero here and the progress line shows elapsed time.
 */
public final class IngestProgress {
  private static final AtomicLong READ = new AtomicLong();

  private IngestProgress() {}

  public static void add(long records) {
    READ.addAndGet(records);
  }

  public static long recordsRead() {
    return READ.get();
  }
}
