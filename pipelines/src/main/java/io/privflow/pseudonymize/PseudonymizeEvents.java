package io.privflow.pseudonymize;

import io.privflow.model.Pseudonym;
import io.privflow.model.PseudonymousEvent;
import io.privflow.model.RawEvent;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Replaces each event's raw identifier with its keyed pseudonym. After this transform no
 * collection holds a raw identifier.
 *
 * <p>The key is read from the key file on each worker in {@code @Setup}, never serialised into the
 * pipeline graph: on a cluster the key file must be mounted on every worker (a secret volume).
 */
public final class PseudonymizeEvents
    extends PTransform<PCollection<RawEvent>, PCollection<PseudonymousEvent>> {
  private final String keyFile;

  private PseudonymizeEvents(String keyFile) {
    this.keyFile = keyFile;
  }

  public static PseudonymizeEvents withKeyFile(Path keyFile) {
    return new PseudonymizeEvents(keyFile.toAbsolutePath().toString());
  }

  @Override
  public PCollection<PseudonymousEvent> expand(PCollection<RawEvent> events) {
    return events
        .apply("HmacIdentifiers", ParDo.of(new PseudonymizeFn(keyFile)))
        .setCoder(PseudonymousEvent.CODER);
  }

  /**
   * Caches pseudonyms within a bundle: operator files are mostly sorted by subscriber, so one HMAC
   * serves a run of events. The cache is dropped at the end of each bundle and bounded in size.
   */
  private static final class PseudonymizeFn extends DoFn<RawEvent, PseudonymousEvent> {
    private static final int CACHE_LIMIT = 50_000;
    private final String keyFile;
    private transient Pseudonymizer pseudonymizer;
    private transient Map<String, Pseudonym> cache;

    PseudonymizeFn(String keyFile) {
      this.keyFile = keyFile;
    }

    @Setup
    public void setup() {
      pseudonymizer = Pseudonymizer.fromKeyFile(Path.of(keyFile));
      cache = new HashMap<>();
    }

    @StartBundle
    public void startBundle() {
      cache.clear();
    }

    @ProcessElement
    public void process(@Element RawEvent e, OutputReceiver<PseudonymousEvent> out) {
      Pseudonym p = cache.get(e.identifier());
      if (p == null) {
        p = pseudonymizer.pseudonymize(e.identifier());
        if (cache.size() >= CACHE_LIMIT) {
          cache.clear();
        }
        cache.put(e.identifier(), p);
      }
      out.output(new PseudonymousEvent(p, e.eventTimeMillis(), e.cellId(), e.lat(), e.lon(), e.file(), e.recordNumber()));
    }
  }
}
