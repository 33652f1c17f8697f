package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Calibration, parameter limits and per-copy seeding of {@link DiscreteLaplaceMechanism}.
 *
 * <p><b>False-failure probability.</b> Two kinds of random assertion: the stream checks (4; two
 * independent 64-draw sequences coincide with probability {@code (sum_z p(z)^2)^64}, below 1e-56
 * at scale 2 and 1e-88 at scale 6, computed and quoted in the message) and the wiring check of the
 * zero frequency (Hoeffding, at most 1e-6 per scale, 2 scales). Class total at most 2e-6 + 4e-56.
 */
class DiscreteLaplaceMechanismTest {

  @Test
  void forEpsilonCalibratesScaleExactly() {
    assertEquals(Rational.of(6, 1), DiscreteLaplaceMechanism.forEpsilon(Rational.parse("0.5"), 3).scale());
    assertEquals(Rational.of(10, 1), DiscreteLaplaceMechanism.forEpsilon(Rational.parse("0.1"), 1).scale());
    assertEquals(Rational.of(10, 3), DiscreteLaplaceMechanism.forEpsilon(Rational.parse("0.3"), 1).scale());
    assertEquals(Rational.of(4, 3), DiscreteLaplaceMechanism.forEpsilon(Rational.parse("1.5"), 2).scale());
    assertEquals("discrete_laplace", DiscreteLaplaceMechanism.forEpsilon(Rational.parse("1"), 1).name());
  }

  @Test
  void zeroEpsilonOrScaleRejected() {
    assertThrows(ArithmeticException.class,
        () -> DiscreteLaplaceMechanism.forEpsilon(Rational.parse("0"), 1));
    assertThrows(IllegalArgumentException.class,
        () -> DiscreteLaplaceMechanism.withScale(Rational.of(0, 1)));
    assertThrows(IllegalArgumentException.class,
        () -> DiscreteLaplaceMechanism.forEpsilon(Rational.parse("1"), 0));
  }

  @ParameterizedTest(name = "scale {0}/{1}")
  @CsvSource({"6,1", "2,1", "10,3", "1,2"})
  void standardDeviationMatchesThePmf(long t, long s) {
    DiscreteLaplaceMechanism m = DiscreteLaplaceMechanism.withScale(Rational.of(t, s));
    double q = Math.exp(-(double) s / t);
    assertEquals(Math.sqrt(2 * q) / (1 - q), m.figures().standardDeviation(), 1e-9);
    // Independently, from the pmf itself.
    double var = 0;
    for (long z = -5000; z <= 5000; z++) {
      var += (double) z * z * (1 - q) / (1 + q) * Math.pow(q, Math.abs(z));
    }
    assertEquals(Math.sqrt(var), m.figures().standardDeviation(), 1e-9 * Math.sqrt(var));
  }

  @Test
  void scaleWithTooManyDigitsRejected() {
    long max = DiscreteLaplaceMechanism.MAX_PART.longValueExact();
    // At the limit: accepted.
    DiscreteLaplaceMechanism.withScale(Rational.of(max, 1));
    DiscreteLaplaceMechanism.withScale(Rational.of(1, max));
    DiscreteLaplaceMechanism.withScale(Rational.parse("0.000000000001"));
    // One past it, in either part: rejected.
    assertThrows(IllegalArgumentException.class,
        () -> DiscreteLaplaceMechanism.withScale(Rational.of(max + 1, 1)));
    assertThrows(IllegalArgumentException.class,
        () -> DiscreteLaplaceMechanism.withScale(Rational.of(1, max + 1)));
    assertThrows(IllegalArgumentException.class,
        () -> DiscreteLaplaceMechanism.withScale(Rational.parse("0.0000000000001")));
    assertThrows(IllegalArgumentException.class,
        () -> DiscreteLaplaceMechanism.withScale(Rational.parse("1.0000000000001")));
    assertThrows(IllegalArgumentException.class,
        () -> DiscreteLaplaceMechanism.forEpsilon(Rational.parse("0.1234567890123"), 1));
  }

  /**
   * The sampler must use scale t/s, not s/t: at scale 10/3 the chance of a zero is
   * (1 - q)/(1 + q) = 0.149; swapped (3/10) it would be 0.93. N = 20,000, Hoeffding eps for
   * false-failure probability 1e-6 is 0.0190.
   */
  @ParameterizedTest(name = "epsilon {0}, L1 {1}")
  @CsvSource({"0.3,1", "0.5,3"})
  void samplerUsesTheCalibratedScale(String epsilon, long l1) {
    DiscreteLaplaceMechanism m = DiscreteLaplaceMechanism.forEpsilon(Rational.parse(epsilon), l1);
    double q = Math.exp(-1 / m.scale().toDouble());
    double p0 = (1 - q) / (1 + q);
    int n = 20_000;
    double eps = Math.sqrt(Math.log(2 / 1e-6) / (2.0 * n));
    NoiseSampler sampler = m.newSampler();
    int zeros = 0;
    for (int i = 0; i < n; i++) {
      if (sampler.sample() == 0) {
        zeros++;
      }
    }
    double f = (double) zeros / n;
    assertEquals(p0, f, eps, String.format("P[noise = 0] at scale %s: observed %.4f, expected %.4f "
        + "+- %.4f (false failure <= 1e-6, Hoeffding)", m.scale(), f, p0, eps));
  }

  @ParameterizedTest(name = "epsilon {0}, L1 {1}")
  @CsvSource({"0.5,1", "0.5,3"})
  void twoDeserialisedCopiesDrawDifferentStreams(String epsilon, long l1) throws Exception {
    DiscreteLaplaceMechanism m = DiscreteLaplaceMechanism.forEpsilon(Rational.parse(epsilon), l1);
    CountReleaser releaser = new CountReleaser(m, 5);
    byte[] bytes = serialize(releaser);
    CountReleaser a = deserialize(bytes);
    CountReleaser b = deserialize(bytes);
    assertNotSame(a, b);
    assertEquals(m.scale(), ((DiscreteLaplaceMechanism) a.mechanism()).scale());
    assertEquals(5, b.minCount());

    long[] x = draw(a.mechanism().newSampler(), 64);
    long[] y = draw(b.mechanism().newSampler(), 64);
    double q = Math.exp(-1 / m.scale().toDouble());
    double c = (1 - q) / (1 + q);
    double collision = c * c * (1 + q * q) / (1 - q * q); // P[two independent draws are equal]
    double log10False = 64 * Math.log10(collision);
    assertTrue(log10False < -50, "64 draws are too few to tell streams apart: 1e" + log10False);
    assertFalse(Arrays.equals(x, y), String.format(
        "two deserialised copies at scale %s drew the same 64 values %s: the generator is not "
            + "seeded per copy. Independent streams coincide with probability 1e%.1f",
        m.scale(), Arrays.toString(x), log10False));
    // Two samplers of one copy are independent too.
    assertFalse(Arrays.equals(draw(a.mechanism().newSampler(), 64), draw(a.mechanism().newSampler(), 64)),
        "two samplers of one mechanism drew the same 64 values");
  }

  private static long[] draw(NoiseSampler s, int n) {
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = s.sample();
    }
    return v;
  }

  private static byte[] serialize(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  private static CountReleaser deserialize(byte[] bytes) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (CountReleaser) in.readObject();
    }
  }
}
