package io.privflow.pseudonymize;

import io.privflow.model.Pseudonym;
import io.privflow.model.PseudonymousEvent;
import io.privflow.model.RawEvent;
import java.nio.file.Path;
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

  /** Pseudonymises each distinct identifier once per bundle (see {@link PseudonymCache}). */
  private static final class PseudonymizeFn extends DoFn<RawEvent, PseudonymousEvent> {
    private final String keyFile;
    private transient PseudonymCache cache;

    PseudonymizeFn(String keyFile) {
      this.keyFile = keyFile;
    }

    @Setup
    public void setup() {
      cache = new PseudonymCache(Pseudonymizer.fromKeyFile(Path.of(keyFile)));
    }

    @StartBundle
    public void startBundle() {
      cache.clear();
    }

    @ProcessElement
    public void process(@Element RawEvent e, OutputReceiver<PseudonymousEvent> out) {
      Pseudonym p = cache.of(e.identifier());
      out.output(new PseudonymousEvent(p, e.eventTimeMillis(), e.cellId(), e.lat(), e.lon(), e.file(), e.recordNumber()));
    }
  }
}
