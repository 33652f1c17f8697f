package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Deterministic: the release rule with fixed noise values instead of a random sampler. */
class CountReleaserTest {
  private static final NoiseMechanism UNUSED = DiscreteLaplaceMechanism.withScale(Rational.of(2, 1));

  private static NoiseSampler fixed(long noise) {
    return () -> noise;
  }

  private static CountReleaser releaser(long minCount) {
    return new CountReleaser(UNUSED, minCount);
  }

  @Test
  void belowMinCountIsSuppressed() {
    assertEquals(CountReleaser.SUPPRESSED, releaser(10).release(5, fixed(4)), "noisy 9 < 10");
    assertEquals(CountReleaser.SUPPRESSED, releaser(10).release(0, fixed(9)), "noisy 9 < 10");
  }

  @Test
  void atMinCountIsReleased() {
    assertEquals(10, releaser(10).release(7, fixed(3)), "noisy 10 == min_count 10");
    assertEquals(11, releaser(10).release(7, fixed(4)));
    assertEquals(1, releaser(1).release(0, fixed(1)));
  }

  @Test
  void thresholdSeesOnlyTheNoisyValue() {
    // A large true count with large negative noise is suppressed ...
    assertEquals(CountReleaser.SUPPRESSED, releaser(10).release(100, fixed(-95)),
        "true 100 + noise -95 = 5 < 10 must be suppressed: the threshold must not see the true count");
    // ... and a zero true count with positive noise is released at its noisy value.
    assertEquals(12, releaser(10).release(0, fixed(12)),
        "true 0 + noise 12 = 12 >= 10 must be released as 12");
  }

  @Test
  void releaseAddsTheNoiseExactlyOnce() {
    int[] calls = {0};
    NoiseSampler counting = () -> {
      calls[0]++;
      return 3;
    };
    assertEquals(43, releaser(0).release(40, counting));
    assertEquals(1, calls[0], "one noise draw per cell");
  }

  /**
   * With min_count 0 nothing negative may ever be released. The documented rule (release.json
   * "threshold_rule": released only if the noisy count is at least min_count) suppresses a negative
   * noisy value rather than clamping it to 0: -3 < 0. Either way the output is never negative.
   */
  @Test
  void negativeNoisyValuesAreNeverReleasedAsNegative() {
    CountReleaser zero = releaser(0);
    for (long trueCount = 0; trueCount <= 5; trueCount++) {
      for (long noise = -20; noise <= 20; noise++) {
        long out = zero.release(trueCount, fixed(noise));
        long noisy = trueCount + noise;
        if (noisy >= 0) {
          assertEquals(noisy, out, "noisy " + noisy + " >= 0 must be released unchanged at k=0");
        } else {
          assertTrue(out == CountReleaser.SUPPRESSED || out == 0,
              "negative noisy value " + noisy + " released as " + out);
          assertEquals(CountReleaser.SUPPRESSED, out,
              "documented rule: noisy " + noisy + " < min_count 0 is suppressed");
        }
      }
    }
    assertEquals(0, zero.release(0, fixed(0)), "noisy 0 at k=0 is released as 0");
  }

  @Test
  void negativeMinCountRejected() {
    assertThrows(IllegalArgumentException.class, () -> releaser(-1));
    assertThrows(IllegalArgumentException.class, () -> releaser(Long.MIN_VALUE));
  }

  @Test
  void overflowFailsClosed() {
    assertThrows(ArithmeticException.class, () -> releaser(0).release(Long.MAX_VALUE, fixed(1)));
  }

  @Test
  void accessors() {
    CountReleaser r = releaser(7);
    assertEquals(7, r.minCount());
    assertEquals(UNUSED, r.mechanism());
  }
}
