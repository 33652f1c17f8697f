package io.privflow.pseudonymize;

import io.privflow.model.PseudonymousEvent;
import io.privflow.model.RawEvent;
import io.privflow.testing.Fixtures;
import io.privflow.testing.TestPipelines;
import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymizeEventsTest {
  @TempDir Path dir;

  @Test
  void replacesIdentifiersWithKeyedPseudonymsAndKeepsEverythingElse() throws Exception {
    Path key = Fixtures.key(dir);
    Pseudonymizer ref = Pseudonymizer.fromKeyFile(key);
    Pipeline p = TestPipelines.create();
    PCollection<PseudonymousEvent> out = p
        .apply(Create.of(
                RawEvent.atCell("4511111111", 1000L, "cA"),
                RawEvent.atCell("4511111111", 2000L, "cB"),
                RawEvent.atPoint("device-x", 3000L, 55.5, 10.5))
            .withCoder(RawEvent.CODER))
        .apply(PseudonymizeEvents.withKeyFile(key));
    PAssert.that(out).containsInAnyOrder(
        new PseudonymousEvent(ref.pseudonymize("4511111111"), 1000L, "cA", Double.NaN, Double.NaN),
        new PseudonymousEvent(ref.pseudonymize("4511111111"), 2000L, "cB", Double.NaN, Double.NaN),
        new PseudonymousEvent(ref.pseudonymize("device-x"), 3000L, null, 55.5, 10.5));
    p.run().waitUntilFinish();
  }
}
