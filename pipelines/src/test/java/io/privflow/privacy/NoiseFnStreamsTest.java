package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.privflow.model.NoisyCount;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Two deserialised copies of the noise DoFn — what a runner ships to two worker threads — draw
 * different noise streams: each seeds its own SecureRandom in {@code @Setup}.
 *
 * <p>False-failure probability: 64 draws of discrete Laplace noise with scale 6 coincide in two
 * independent streams with probability below (max_z P[Z = z])^64 = (tanh(1/12))^64 ~ 1e-69.
 */
class NoiseFnStreamsTest {

  private static List<Long> draw(AddNoiseAndThreshold.NoiseFn fn) {
    List<Long> out = new ArrayList<>();
    DoFn.OutputReceiver<NoisyCount> receiver = new DoFn.OutputReceiver<>() {
      @Override
      public void output(NoisyCount c) {
        out.add(c.count());
      }

      @Override
      public void outputWithTimestamp(NoisyCount c, Instant timestamp) {
        out.add(c.count());
      }
    };
    for (long cell = 0; cell < 64; cell++) {
      fn.process(KV.of(cell, 1_000L), receiver); // far above k: every cell is released
    }
    return out;
  }

  @Test
  void twoDeserialisedCopiesDrawDifferentStreams() {
    AddNoiseAndThreshold.NoiseFn original = new AddNoiseAndThreshold.NoiseFn(
        new CountReleaser(DiscreteLaplaceMechanism.withScale(Rational.of(6, 1)), 0));
    AddNoiseAndThreshold.NoiseFn a = SerializableUtils.clone(original);
    AddNoiseAndThreshold.NoiseFn b = SerializableUtils.clone(original);
    a.setup();
    b.setup();
    List<Long> first = draw(a);
    List<Long> second = draw(b);
    assertEquals(64, first.size());
    assertEquals(64, second.size());
    assertNotEquals(first, second, "two worker copies drew the same noise");
  }
}
