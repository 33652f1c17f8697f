package io.privflow.privacy;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact non-negative rational, parsed from decimal text. Privacy parameters are rationals so
 * that the samplers never see a double: "0.1" is exactly 1/10, not 0.1000000000000000055511.
 */
public record Rational(BigInteger numerator, BigInteger denominator) implements Serializable, Comparable<Rational> {

  public Rational {
    if (denominator.signum() <= 0) {
      throw new IllegalArgumentException("denominator must be positive");
    }
    if (numerator.signum() < 0) {
      throw new IllegalArgumentException("must not be negative");
    }
    BigInteger g = numerator.gcd(denominator);
    if (g.signum() > 0 && !g.equals(BigInteger.ONE)) {
      numerator = numerator.divide(g);
      denominator = denominator.divide(g);
    }
  }

  public static final Rational ZERO = Rational.of(0, 1);
  public static final Rational ONE = Rational.of(1, 1);

  public static Rational of(long numerator, long denominator) {
    return new Rational(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
  }

  /** Longest decimal accepted: privacy parameters never need more, and huge exponents cost memory. */
  static final int MAX_DIGITS = 40;

  /** Parses a plain decimal such as {@code 0.5}, {@code 2} or {@code 1e-1}, exactly. */
  public static Rational parse(String text) {
    return of(new BigDecimal(text.strip()));
  }

  /** The exact value of a non-negative decimal of at most {@link #MAX_DIGITS} digits. */
  public static Rational of(BigDecimal d) {
    // Checked before any BigInteger is built: "1e-9999999" would otherwise take seconds and memory.
    if (Math.abs((long) d.scale()) > MAX_DIGITS || d.precision() > MAX_DIGITS) {
      throw new NumberFormatException("more than " + MAX_DIGITS + " digits");
    }
    if (d.signum() < 0) {
      throw new IllegalArgumentException("must not be negative");
    }
    if (d.scale() <= 0) {
      return new Rational(d.toBigIntegerExact(), BigInteger.ONE);
    }
    return new Rational(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
  }

  public boolean isZero() {
    return numerator.signum() == 0;
  }

  public Rational times(Rational o) {
    return new Rational(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
  }

  public Rational dividedBy(Rational o) {
    if (o.isZero()) {
      throw new ArithmeticException("division by zero");
    }
    return new Rational(numerator.multiply(o.denominator), denominator.multiply(o.numerator));
  }

  public Rational plus(Rational o) {
    return new Rational(
        numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)),
        denominator.multiply(o.denominator));
  }

  /** For reporting only (noise standard deviations, plans); never used inside a sampler. */
  public double toDouble() {
    return new BigDecimal(numerator).divide(new BigDecimal(denominator), java.math.MathContext.DECIMAL64).doubleValue();
  }

  @Override
  public int compareTo(Rational o) {
    return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
  }

  @Override
  public String toString() {
    return denominator.equals(BigInteger.ONE) ? numerator.toString() : numerator + "/" + denominator;
  }
}
