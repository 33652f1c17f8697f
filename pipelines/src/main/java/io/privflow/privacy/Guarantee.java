package io.privflow.privacy;

import io.privflow.PrivflowException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a release, or one metric of it, promises its privacy unit. Every question that depends on
 * the kind of guarantee is answered here, so the rest of privflow never asks "epsilon or rho?":
 * its share of a budget, its charge under a dataset's accounting, the noise calibrated to a
 * sensitivity, its (epsilon, delta) form and how it is described.
 *
 * <ul>
 *   <li>{@link PureDp}: epsilon-DP, from discrete Laplace noise of scale L1 / epsilon;
 *   <li>{@link Zcdp}: rho-zCDP, from discrete Gaussian noise of variance L2^2 / (2 rho); also
 *       reported as (epsilon, delta)-DP with epsilon = rho + 2 sqrt(rho ln(1/delta)) (Bun and
 *       Steinke 2016, Proposition 1.3).
 * </ul>
 */
public sealed interface Guarantee extends Serializable {
  /**
   * How much an epsilon protects in practice, by the size of e^epsilon. The plain words and the
   * anonymisation report say only what is true at that size: "almost the same" is not.
   */
  enum Strength {
    /** epsilon <= 1: e^epsilon at most 2.72. */
    STRONG,
    /** epsilon in (1, 3]: e^epsilon at most about 20. */
    MODERATE,
    /** epsilon in (3, 7]: e^epsilon up to about 1,100. */
    WEAK,
    /** epsilon above 7: e^epsilon above 1,100, astronomically large soon after; no meaningful bound. */
    NEGLIGIBLE;

    public static Strength of(double epsilon) {
      return epsilon <= 1 ? STRONG : epsilon <= 3 ? MODERATE : epsilon <= 7 ? WEAK : NEGLIGIBLE;
    }

    /** Lower-case name for report.json. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * e^epsilon as a reader can take it in, never a long number: rounded up to 3 significant digits
   * while it is a bound one can use ("1.11", "2.72", "20.1"; 6 digits below 1.01, so it never reads
   * as 1), then "about 150", "about 22,000", and "about 2.7 × 10^43".
   */
  static String oddsFactor(double epsilon) {
    double f = Math.exp(epsilon);
    if (f < 100) {
      BigDecimal d = new BigDecimal(f).round(new MathContext(f < 1.01 ? 6 : 3, RoundingMode.CEILING));
      return d.stripTrailingZeros().toPlainString();
    }
    if (f < 1e6) {
      BigDecimal d = new BigDecimal(f).round(new MathContext(2, RoundingMode.HALF_EVEN));
      return String.format(Locale.ROOT, "about %,d", d.longValueExact());
    }
    // e^epsilon = m 10^x, from logarithms: e^epsilon itself overflows a double beyond epsilon 709
    double log10 = epsilon / Math.log(10);
    long exponent = (long) Math.floor(log10);
    double mantissa = Math.round(Math.pow(10, log10 - exponent) * 10) / 10.0;
    if (mantissa >= 10) {
      mantissa /= 10;
      exponent++;
    }
    return String.format(Locale.ROOT, "about %.1f \u00d7 10^%d", mantissa, exponent);
  }

  /**
   * The plain-words statement for an epsilon, up to its delta clause: what adding or removing one
   * device's records can do to the published figures, worded for the size of e^epsilon.
   */
  static String plainWords(double epsilon, String epsilonText) {
    String factor = oddsFactor(epsilon) + " (e^epsilon, epsilon = " + epsilonText + ")";
    return switch (Strength.of(epsilon)) {
      case STRONG -> "Whatever else anyone knows, the published figures would have come out "
          + (epsilon <= 0.5 ? "almost" : "much") + " the same whether or not any one device's records were in the"
          + " data: adding or removing all of one device's records changes the probability of any published result"
          + " by at most a factor of " + factor;
      case MODERATE -> "Whatever else anyone knows, any one device's records have a limited but noticeable effect"
          + " on the published figures: adding or removing all of one device's records changes the probability"
          + " of any published result by at most a factor of " + factor;
      case WEAK -> "The protection is weak: adding or removing all of one device's records can change the"
          + " probability of a published result by up to a factor of " + factor + ", so the published figures"
          + " can differ clearly depending on whether one device's records were in the data";
      case NEGLIGIBLE -> "In practice this guarantee gives no meaningful protection: adding or removing all of"
          + " one device's records can change the probability of a published result by a factor of up to "
          + factor + ", so the published figures may well reveal whether a device's records were in the data";
    };
  }

  /** The parameter's name: {@code epsilon} or {@code rho}. */
  String unit();

  /** The parameter: epsilon or rho, exactly. */
  Rational budget();

  /** The accounting in which this guarantee's parameters add up. */
  Accounting accounting();

  /** The noise that gives it: {@code discrete_laplace} or {@code discrete_gaussian}. */
  String mechanism();

  /** This guarantee with its parameter scaled by {@code share} (one metric's part of a release). */
  Guarantee share(Rational share);

  /**
   * What a release with this guarantee costs a budget kept in {@code budget}'s accounting, in that
   * accounting's unit.
   *
   * @throws NotChargeable when that accounting cannot express this guarantee (zCDP is not pure DP)
   */
  Rational cost(Accounting budget);

  /** The noise mechanism that gives this guarantee to counts of sensitivity {@code s}. */
  NoiseMechanism calibrate(Sensitivity s);

  /** Epsilon of the (epsilon, delta)-DP this implies (for a pure guarantee, epsilon itself). */
  double epsilonAtDelta();

  /**
   * Delta of that (epsilon, delta)-DP: 0 for pure DP; for zCDP, the reporting delta plus the delta
   * a partition selection spends.
   */
  Rational delta();

  /**
   * The delta this guarantee spends and a budget must hold: what a partition selection may reveal
   * about which cells exist (0 when every cell of the public domain is released or suppressed on
   * its noisy value alone).
   */
  default Rational deltaCost() {
    return Rational.ZERO;
  }

  /** One line for the ledger and messages, e.g. {@code epsilon=1.0 (pure DP)}. */
  String describe();

  /**
   * How its charge reads in {@code budget}'s unit, for messages: {@code epsilon 1}, or
   * {@code epsilon 1 is rho 0.5 (epsilon^2 / 2) in zCDP}.
   */
  String chargedAs(Accounting budget);

  /**
   * Its (epsilon, delta)-DP form, for messages: {@code epsilon 1}, or
   * {@code rho 0.125 at delta 0.000001 is (2.7533, delta)-DP}.
   */
  String asEpsilonDelta();

  /** The guarantee in plain words, for the anonymisation report's reader. */
  String plainWords();

  /** Its fields for release.json, in order: accounting, parameter (double and exact), delta, statement. */
  Map<String, Object> fields();

  /**
   * The composition of several parts charged together: their parameters add up in their own
   * accounting. Every part must be of one kind (and, for zCDP, reported at one delta).
   */
  static Guarantee compose(List<Guarantee> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to compose");
    }
    Guarantee sum = parts.get(0);
    for (Guarantee g : parts.subList(1, parts.size())) {
      sum = sum.plus(g);
    }
    return sum;
  }

  /** This guarantee composed with another of the same kind: their parameters add. */
  Guarantee plus(Guarantee other);

  /** epsilon-differential privacy (delta = 0). */
  record PureDp(Rational epsilon) implements Guarantee {
    public PureDp {
      if (epsilon.isZero()) {
        throw new IllegalArgumentException("epsilon must be positive");
      }
    }

    @Override
    public String unit() {
      return "epsilon";
    }

    @Override
    public Rational budget() {
      return epsilon;
    }

    @Override
    public Accounting accounting() {
      return Accounting.PURE_DP;
    }

    @Override
    public String mechanism() {
      return DiscreteLaplaceMechanism.NAME;
    }

    @Override
    public Guarantee share(Rational share) {
      return new PureDp(epsilon.times(share));
    }

    @Override
    public Guarantee plus(Guarantee other) {
      if (!(other instanceof PureDp p)) {
        throw new IllegalArgumentException("cannot compose " + describe() + " with " + other.describe());
      }
      return new PureDp(Accounting.PURE_DP.compose(List.of(epsilon, p.epsilon)));
    }

    /** Its epsilon under pure DP; epsilon^2 / 2 under zCDP (epsilon-DP implies that rho). */
    @Override
    public Rational cost(Accounting budget) {
      return switch (budget) {
        case PURE_DP -> epsilon;
        case ZCDP -> epsilon.times(epsilon).times(Rational.of(1, 2));
      };
    }

    @Override
    public NoiseMechanism calibrate(Sensitivity s) {
      return DiscreteLaplaceMechanism.forEpsilon(epsilon, s.l1());
    }

    @Override
    public double epsilonAtDelta() {
      return epsilon.toDouble();
    }

    @Override
    public Rational delta() {
      return Rational.ZERO;
    }

    @Override
    public String describe() {
      return "epsilon=" + epsilon.toDouble() + " (pure DP)";
    }

    @Override
    public Map<String, Object> fields() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("accounting", "pure epsilon-DP");
      m.put("epsilon", epsilon.toDouble());
      m.put("epsilon_exact", epsilon.toString());
      m.put("delta", 0);
      m.put("guarantee", "epsilon-differential privacy for the privacy unit: adding or removing all records"
          + " of any one device changes the probability of any output by at most a factor e^epsilon");
      return m;
    }

    @Override
    public String chargedAs(Accounting budget) {
      String own = "epsilon " + Decimals.plain(epsilon);
      return budget == Accounting.PURE_DP ? own
          : own + " is rho " + Decimals.plain(cost(budget)) + " (epsilon^2 / 2) in zCDP";
    }

    @Override
    public String asEpsilonDelta() {
      return "epsilon " + Decimals.plain(epsilon);
    }

    @Override
    public String plainWords() {
      double eps = epsilonAtDelta();
      return Guarantee.plainWords(eps, Decimals.plain(eps)) + ". This holds with certainty (delta = 0).";
    }
  }

  /**
   * rho-zero-concentrated DP, reported also as (epsilon, delta)-DP at {@code reportingDelta}. With a
   * partition selection ({@code selectionDelta > 0}) it is approximate zCDP (Bun and Steinke 2016,
   * Definition 1.2): rho-zCDP except on an event of probability at most selectionDelta (that a cell
   * only the added device fills is published), so (epsilon, reportingDelta + selectionDelta)-DP.
   * Rhos add and selection deltas add under composition.
   */
  record Zcdp(Rational rho, Rational reportingDelta, Rational selectionDelta) implements Guarantee {
    public Zcdp {
      if (rho.isZero()) {
        throw new IllegalArgumentException("rho must be positive");
      }
      if (reportingDelta.isZero() || reportingDelta.compareTo(Rational.ONE) >= 0) {
        throw new IllegalArgumentException("delta must be in (0, 1)");
      }
      if (selectionDelta.compareTo(Rational.ONE) >= 0) {
        throw new IllegalArgumentException("the selection delta must be below 1");
      }
    }

    /** Every cell of the public domain released or suppressed on its noisy value: no selection delta. */
    public Zcdp(Rational rho, Rational reportingDelta) {
      this(rho, reportingDelta, Rational.ZERO);
    }

    @Override
    public Rational delta() {
      return reportingDelta.plus(selectionDelta);
    }

    @Override
    public Rational deltaCost() {
      return selectionDelta;
    }

    @Override
    public String unit() {
      return "rho";
    }

    @Override
    public Rational budget() {
      return rho;
    }

    @Override
    public Accounting accounting() {
      return Accounting.ZCDP;
    }

    @Override
    public String mechanism() {
      return DiscreteGaussianMechanism.NAME;
    }

    @Override
    public Guarantee share(Rational share) {
      return new Zcdp(rho.times(share), reportingDelta, selectionDelta.times(share));
    }

    @Override
    public Guarantee plus(Guarantee other) {
      if (!(other instanceof Zcdp z) || !z.reportingDelta.equals(reportingDelta)) {
        throw new IllegalArgumentException("cannot compose " + describe() + " with " + other.describe());
      }
      return new Zcdp(Accounting.ZCDP.compose(List.of(rho, z.rho)), reportingDelta,
          selectionDelta.plus(z.selectionDelta));
    }

    @Override
    public Rational cost(Accounting budget) {
      return switch (budget) {
        case ZCDP -> rho;
        case PURE_DP -> throw new NotChargeable("is accounted in pure epsilon-DP; the " + mechanism()
            + " mechanism gives zCDP, not pure DP");
      };
    }

    @Override
    public NoiseMechanism calibrate(Sensitivity s) {
      return DiscreteGaussianMechanism.forRho(rho, s.l2Squared());
    }

    @Override
    public double epsilonAtDelta() {
      double r = rho.toDouble();
      return r + 2 * Math.sqrt(r * Math.log(1 / reportingDelta.toDouble()));
    }

    @Override
    public String describe() {
      return "rho=" + rho.toDouble() + " (zCDP), delta=" + reportingDelta.toDouble()
          + (selectionDelta.isZero() ? "" : ", selection delta=" + selectionDelta.toDouble());
    }

    @Override
    public Map<String, Object> fields() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("accounting", "rho-zCDP");
      m.put("rho", rho.toDouble());
      m.put("rho_exact", rho.toString());
      m.put("delta", delta().toDouble());
      if (!selectionDelta.isZero()) {
        m.put("selection_delta", selectionDelta.toDouble());
      }
      m.put("epsilon_at_delta", Math.round(epsilonAtDelta() * 1000.0) / 1000.0);
      m.put("guarantee", "rho-zero-concentrated differential privacy for the privacy unit, which implies"
          + " (epsilon_at_delta, delta)-differential privacy");
      return m;
    }

    @Override
    public String chargedAs(Accounting budget) {
      cost(budget); // refuses pure DP
      return "rho " + Decimals.plain(rho);
    }

    @Override
    public String asEpsilonDelta() {
      return String.format(Locale.ROOT, "rho %s at delta %s is (%.4f, delta)-DP", Decimals.plain(rho),
          Decimals.plain(delta()), epsilonAtDelta());
    }

    @Override
    public String plainWords() {
      double eps = epsilonAtDelta();
      return Guarantee.plainWords(eps, new BigDecimal(eps).round(new MathContext(4)).stripTrailingZeros()
          .toPlainString()) + String.format(Locale.ROOT, ", except with a probability of at most delta = %s. (The"
          + " release is rho-zCDP with rho = %s, which implies this.)", Decimals.plain(delta().toDouble()),
          Decimals.plain(rho.toDouble()));
    }
  }

  /** A guarantee that a dataset's accounting cannot charge; the message completes "dataset X ...". */
  final class NotChargeable extends PrivflowException {
    public NotChargeable(String message) {
      super(message);
    }
  }
}
