package io.privflow.privacy;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * The statistics of an empirical differential-privacy audit, shared by {@link DpAuditTest} (the
 * mechanism in plain Java) and {@link PipelineDpAuditTest} (the Beam stages).
 *
 * <p>Input: one scalar statistic per run of the mechanism on D ({@code s0}) and on D' ({@code s1}),
 * each a post-processing of the release. On the first half of each side we pick the event {s >= t}
 * or {s < t}, and the direction, with the largest empirical privacy loss; on the second,
 * independent half we bound that one event with Clopper-Pearson intervals, each one-sided at level
 * {@code alpha / 2}: eps_lb = ln((lower(p_a) - delta) / upper(p_b)). A mechanism that is truly
 * (eps, delta)-DP has p_a <= e^eps p_b + delta for every event, so P[eps_lb > eps] <= alpha: only
 * one event is ever evaluated, so the number of candidate events needs no correction.
 */
final class EpsilonAudit {
  private EpsilonAudit() {}

  /** {s >= t} (or its complement), with the direction of the likelihood ratio. */
  record Event(long t, boolean atLeast, boolean numeratorIsDPrime) {
    boolean holds(long s) {
      return atLeast == (s >= t);
    }
  }

  /** The evaluated event, its counts on the evaluation half of D and D' ({@code n} runs each), the bound. */
  record Result(Event event, long x0, long x1, int n, double epsilonLowerBound) {
    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "event %s, D %d/%d, D' %d/%d, eps_lb = %.3f", event, x0, n, x1,
          n, epsilonLowerBound);
    }
  }

  /** The lower confidence bound on epsilon, for a claim of (epsilon, {@code delta})-DP. */
  static Result lowerBound(long[] s0, long[] s1, double alpha, double delta) {
    if (s0.length != s1.length || s0.length < 2) {
      throw new IllegalArgumentException("the same number (at least 2) of runs on each side");
    }
    int half = s0.length / 2;
    Event e = chooseEvent(Arrays.copyOfRange(s0, 0, half), Arrays.copyOfRange(s1, 0, half), alpha, delta);
    long[] e0 = Arrays.copyOfRange(s0, half, s0.length);
    long[] e1 = Arrays.copyOfRange(s1, half, s1.length);
    int n = e0.length;
    long x0 = Arrays.stream(e0).filter(e::holds).count();
    long x1 = Arrays.stream(e1).filter(e::holds).count();
    long xa = e.numeratorIsDPrime ? x1 : x0;
    long xb = e.numeratorIsDPrime ? x0 : x1;
    double lower = cpLower(xa, n, alpha / 2) - delta;
    double upper = cpUpper(xb, n, alpha / 2);
    double eps = lower <= 0 ? 0 : Math.max(0, Math.log(lower / upper));
    return new Result(e, x0, x1, n, eps);
  }

  /** The event with the largest conservative empirical log-ratio on the selection half. */
  private static Event chooseEvent(long[] s0, long[] s1, double alpha, double delta) {
    long[] values = LongStream.concat(Arrays.stream(s0), Arrays.stream(s1)).distinct().sorted().toArray();
    Event best = new Event(0, true, true);
    double bestScore = Double.NEGATIVE_INFINITY;
    for (long t : values) {
      for (boolean atLeast : new boolean[] {true, false}) {
        long x0 = Arrays.stream(s0).filter(s -> atLeast == (s >= t)).count();
        long x1 = Arrays.stream(s1).filter(s -> atLeast == (s >= t)).count();
        for (boolean dPrimeOnTop : new boolean[] {true, false}) {
          long a = dPrimeOnTop ? x1 : x0;
          long b = dPrimeOnTop ? x0 : x1;
          // A conservative score: what the evaluation bound would give with these counts.
          double score = Math.log(Math.max(0, cpLower(a, s0.length, alpha / 2) - delta)
              / cpUpper(b, s0.length, alpha / 2));
          if (score > bestScore) {
            bestScore = score;
            best = new Event(t, atLeast, dPrimeOnTop);
          }
        }
      }
    }
    return best;
  }

  /** One-sided Clopper-Pearson lower bound on p from x successes in n trials, at level alpha. */
  static double cpLower(long x, int n, double alpha) {
    return x == 0 ? 0 : new BetaDistribution(x, n - x + 1).inverseCumulativeProbability(alpha);
  }

  /** One-sided Clopper-Pearson upper bound on p from x successes in n trials, at level alpha. */
  static double cpUpper(long x, int n, double alpha) {
    return x == n ? 1 : new BetaDistribution(x + 1, n - x).inverseCumulativeProbability(1 - alpha);
  }
}
