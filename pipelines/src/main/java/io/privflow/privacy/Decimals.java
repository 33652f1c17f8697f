package io.privflow.privacy;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The one way privflow writes a number a person reads: as it would be written by hand, without
 * trailing zeros or an exponent ({@code 1.5}, not {@code 1.50000000000000000000} or {@code 1.5E+0}).
 * Exact wherever the value has a finite decimal expansion, which every budget and share has (they
 * are parsed from decimals).
 */
public final class Decimals {
  private Decimals() {}

  /** The exact decimal of a rational; 16 significant digits when its expansion does not end. */
  public static BigDecimal of(Rational r) {
    BigDecimal n = new BigDecimal(r.numerator());
    BigDecimal d = new BigDecimal(r.denominator());
    try {
      return strip(n.divide(d, MathContext.UNLIMITED));
    } catch (ArithmeticException e) {
      return strip(n.divide(d, MathContext.DECIMAL64));
    }
  }

  public static String plain(Rational r) {
    return of(r).toPlainString();
  }

  public static String plain(BigDecimal d) {
    return strip(d).toPlainString();
  }

  /** A double as its shortest decimal ({@link Double#toString}), without trailing zeros. */
  public static String plain(double v) {
    return strip(new BigDecimal(Double.toString(v))).toPlainString();
  }

  /** A figure for prose: {@code digits} significant digits, plain notation. */
  public static String rounded(double v, int digits) {
    return strip(new BigDecimal(v, new MathContext(digits))).toPlainString();
  }

  private static BigDecimal strip(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }
}
