package io.privflow.accuracy;

import io.privflow.privacy.Decimals;
import io.privflow.privacy.Guarantee;
import io.privflow.privacy.Rational;
import io.privflow.privacy.ReleaseMode;
import io.privflow.request.ReleaseRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One release setting to measure: a mode, the release's whole guarantee (epsilon with Laplace noise,
 * or rho with Gaussian noise) and, in a full-domain release, the threshold rule. Only the request's
 * {@code privacy} section changes; inputs, regions, windows, metrics, bounds and budget shares stay
 * the request's, so the plan built from {@link #applyTo} is the plan a release of that request
 * would use.
 *
 * @param rule null in a partition selection (its threshold follows from rho and the selection delta)
 */
record Setting(ReleaseMode mode, Guarantee guarantee, ThresholdRule rule) {
  /** The request parser's bound on epsilon and on rho. */
  static final Rational MAX_BUDGET = Rational.of(100, 1);

  /** The request with this setting's privacy section. */
  ReleaseRequest applyTo(ReleaseRequest r) {
    ReleaseRequest.Privacy p = mode == ReleaseMode.PARTITION_SELECTION
        ? new ReleaseRequest.Privacy(guarantee, mode, 0L, null)
        : new ReleaseRequest.Privacy(guarantee, mode, rule.minCount(), rule.emptyCells());
    return new ReleaseRequest(r.requestId(), r.dataset(), r.requester(), r.inputs(), r.regions(), r.time(), p,
        r.metrics(), r.outputDirectory(), r.requestFile());
  }

  /** "epsilon 1", or "rho 0.5 (epsilon 5.76 at delta 1e-6)". */
  String budgetLabel() {
    if (guarantee instanceof Guarantee.Zcdp z) {
      return String.format(Locale.ROOT, "rho %s (eps %.2f at delta %s)", Decimals.plain(z.rho()),
          z.epsilonAtDelta(), small(z.delta().toDouble()));
    }
    return "eps " + Decimals.plain(guarantee.budget());
  }

  /** 1.01e-6 rather than 0.00000101. */
  static String small(double v) {
    String[] parts = String.format(Locale.ROOT, "%.3e", v).split("e");
    String mantissa = parts[0].replaceAll("0+$", "").replaceAll("\\.$", "");
    return mantissa + "e" + Integer.parseInt(parts[1]);
  }

  String ruleLabel() {
    return rule == null ? "selection" : rule.text();
  }

  /**
   * Every combination asked for: a full-domain setting per budget (Laplace epsilons and Gaussian
   * rhos) and rule; a partition selection per rho (it needs Gaussian noise).
   *
   * @param delta the delta at which a rho is also reported as (epsilon, delta)
   * @param selectionDelta a partition selection's delta
   */
  static List<Setting> expand(List<ReleaseMode> modes, List<Rational> epsilons, List<Rational> rhos,
      List<ThresholdRule> rules, Rational delta, Rational selectionDelta) {
    List<Setting> out = new ArrayList<>();
    for (ReleaseMode mode : modes) {
      if (mode == ReleaseMode.PARTITION_SELECTION) {
        if (rhos.isEmpty()) {
          throw new IllegalArgumentException("--mode partition_selection needs --rho (it uses Gaussian noise)");
        }
        for (Rational rho : rhos) {
          out.add(new Setting(mode, new Guarantee.Zcdp(rho, delta, selectionDelta), null));
        }
        continue;
      }
      if (rules.isEmpty()) {
        throw new IllegalArgumentException("--mode full_domain needs a --threshold rule (the request has none)");
      }
      for (ThresholdRule rule : rules) {
        for (Rational eps : epsilons) {
          out.add(new Setting(mode, new Guarantee.PureDp(eps), rule));
        }
        for (Rational rho : rhos) {
          out.add(new Setting(mode, new Guarantee.Zcdp(rho, delta), rule));
        }
      }
    }
    return out;
  }

  /** A budget from the command line: positive, at most 100 (as in a request). */
  static Rational budget(String option, String text) {
    Rational r;
    try {
      r = Rational.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": not a decimal number");
    }
    if (r.isZero() || r.compareTo(MAX_BUDGET) > 0) {
      throw new IllegalArgumentException(option + ": must be above 0 and at most 100");
    }
    return r;
  }
}
