package io.privflow.consent;

import io.privflow.model.Pseudonym;
import io.privflow.model.PseudonymousEvent;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Keeps an event only when its subject's consent covers the event's time: a join on pseudonym
 * with the (small) consent table as a side input. It runs straight after pseudonymisation, so the
 * events of subjects without consent go no further than this step and are not counted anywhere.
 */
final class FilterByConsent extends PTransform<PCollection<PseudonymousEvent>, PCollection<PseudonymousEvent>> {
  static final String KEPT_COUNTER = "consent.events_exported";

  private final PCollectionView<Map<Pseudonym, Coverage>> consent;

  FilterByConsent(PCollectionView<Map<Pseudonym, Coverage>> consent) {
    this.consent = consent;
  }

  @Override
  public PCollection<PseudonymousEvent> expand(PCollection<PseudonymousEvent> events) {
    return events
        .apply("KeepConsented", ParDo.of(new KeepConsentedFn(consent)).withSideInputs(consent))
        .setCoder(PseudonymousEvent.CODER);
  }

  private static final class KeepConsentedFn extends DoFn<PseudonymousEvent, PseudonymousEvent> {
    private final PCollectionView<Map<Pseudonym, Coverage>> consent;
    private final Counter kept = Metrics.counter("privflow", KEPT_COUNTER);

    KeepConsentedFn(PCollectionView<Map<Pseudonym, Coverage>> consent) {
      this.consent = consent;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      PseudonymousEvent e = c.element();
      Coverage coverage = c.sideInput(consent).get(e.pseudonym());
      if (coverage != null && coverage.covers(e.eventTimeMillis())) {
        kept.inc();
        c.output(e);
      }
    }
  }
}
