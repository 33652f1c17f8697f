package io.privflow.privacy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Deterministic: exact parsing and arithmetic of privacy parameters. */
class RationalTest {

  private static void assertExactly(long num, long den, Rational r) {
    assertEquals(BigInteger.valueOf(num), r.numerator(), "numerator of " + r);
    assertEquals(BigInteger.valueOf(den), r.denominator(), "denominator of " + r);
  }

  @Test
  void pointOneIsExactlyOneTenth() {
    Rational r = Rational.parse("0.1");
    assertExactly(1, 10, r);
    assertEquals(Rational.of(1, 10), r);
    assertEquals("1/10", r.toString());
    // Not the binary double 0.1000000000000000055511151231257827...
    assertNotEquals(0, new java.math.BigDecimal(0.1).compareTo(new java.math.BigDecimal("0.1")));
  }

  @ParameterizedTest(name = "\"{0}\" = {1}/{2}")
  @CsvSource({
    "2, 2, 1",
    "1e-1, 1, 10",
    "0.50, 1, 2",
    "0.5, 1, 2",
    "1E1, 10, 1",
    "1e3, 1000, 1",
    "' 0.25 ', 1, 4",
    "0, 0, 1",
    "0.000, 0, 1",
    "3.75, 15, 4",
    "0.000000001, 1, 1000000000",
    "12345678901234567890, 12345678901234567890, 1"
  })
  void parsesExactly(String text, String num, String den) {
    Rational r = Rational.parse(text);
    assertEquals(new BigInteger(num), r.numerator(), "numerator of '" + text + "'");
    assertEquals(new BigInteger(den), r.denominator(), "denominator of '" + text + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "-0.1", "-1e-3"})
  void negativesAreRejected(String text) {
    assertThrows(IllegalArgumentException.class, () -> Rational.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "", " ", "0.1.2", "1/2", "NaN", "Infinity", "0x10", "1,5", "e5"})
  void nonNumbersAreRejected(String text) {
    // NumberFormatException is an IllegalArgumentException.
    assertThrows(IllegalArgumentException.class, () -> Rational.parse(text), "'" + text + "'");
  }

  @Test
  void constructorRejectsBadParts() {
    assertThrows(IllegalArgumentException.class, () -> Rational.of(1, 0));
    assertThrows(IllegalArgumentException.class, () -> Rational.of(1, -2));
    assertThrows(IllegalArgumentException.class, () -> Rational.of(-1, 2));
  }

  @Test
  void isReducedToLowestTerms() {
    assertExactly(2, 3, Rational.of(4, 6));
    assertExactly(0, 1, Rational.of(0, 7));
    assertEquals(Rational.of(1, 2), Rational.of(50, 100));
    assertEquals(Rational.of(1, 2).hashCode(), Rational.of(3, 6).hashCode());
    assertTrue(Rational.of(0, 5).isZero());
    assertTrue(!Rational.of(1, 5).isZero());
  }

  @Test
  void arithmetic() {
    Rational a = Rational.of(1, 3);
    Rational b = Rational.of(1, 6);
    assertExactly(1, 2, a.plus(b));
    assertExactly(1, 18, a.times(b));
    assertExactly(2, 1, a.dividedBy(b));
    assertExactly(1, 2, b.dividedBy(a));
    assertExactly(6, 1, Rational.of(3, 1).dividedBy(Rational.parse("0.5")));
    assertExactly(3, 10, Rational.parse("0.1").plus(Rational.parse("0.2")));
    assertExactly(7, 5, Rational.of(2, 1).times(Rational.parse("0.7")));
    assertThrows(ArithmeticException.class, () -> a.dividedBy(Rational.of(0, 1)));
    assertEquals(0.5, Rational.of(1, 2).toDouble());
    assertEquals(1.0 / 3, Rational.of(1, 3).toDouble(), 1e-15);
  }

  @Test
  void compareTo() {
    assertThat(Rational.of(1, 3).compareTo(Rational.of(1, 2)), lessThan(0));
    assertThat(Rational.of(2, 3).compareTo(Rational.of(1, 2)), greaterThan(0));
    assertEquals(0, Rational.of(2, 4).compareTo(Rational.parse("0.5")));
    assertEquals(0, Rational.of(0, 3).compareTo(Rational.parse("0")));
    // Large values where a double would tie.
    Rational big = Rational.parse("10000000000000000000000000000001");
    Rational bigger = Rational.parse("10000000000000000000000000000002");
    assertThat(big.compareTo(bigger), lessThan(0));
    assertThat(Rational.parse("0.3333333333333333333333").compareTo(Rational.of(1, 3)), lessThan(0));
  }
}
