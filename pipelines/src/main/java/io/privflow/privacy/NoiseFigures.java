package io.privflow.privacy;

import java.util.List;
import java.util.TreeSet;
import org.apache.commons.math3.special.Erf;

/**
 * What a noise distribution means for the counts it is added to, from its parameters alone (for
 * the plan command, the release tables' intervals and the anonymisation report; doubles are fine
 * here, no sampler uses them).
 *
 * <ul>
 *   <li>Discrete Laplace, scale b, q = e^(-1/b): P[Z = z] = (1 - q) / (1 + q) q^|z|, so
 *       P[Z >= m] = q^m / (1 + q) and E[Z; Z >= m] = P[Z >= m] (m + q / (1 - q)) for m >= 1
 *       (closed forms: beyond m the tail is geometric; m <= 0 by symmetry).
 *   <li>Discrete Gaussian, P[Z = z] proportional to e^(-z^2 / (2 sigma^2)): the pmf and z times the
 *       pmf are summed numerically over |z| <= 12 sigma (the rest weighs below e^-72). Beyond
 *       sigma = 10^4 the continuous normal with a continuity correction is used: its difference
 *       from the discrete one is far below the figures' printed precision there.
 * </ul>
 */
public final class NoiseFigures {
  /** Above this sigma the pmf table would be large and the normal approximation is exact enough. */
  static final double MAX_TABLE_SIGMA = 1e4;

  private final String mechanism;
  private final String parameterName;
  private final double parameter;
  private final double standardDeviation;
  /** Laplace: q = e^(-1/b); unused for the Gaussian. */
  private final double q;
  /** Laplace: 1 - q, computed without cancellation for large scales. */
  private final double oneMinusQ;
  /** Gaussian table: tail[z] = sum of the unnormalised pmf over [z, range]; null for Laplace or large sigma. */
  private final double[] tail;
  /** Gaussian table: firstTail[z] = sum of j times the unnormalised pmf over j in [z, range]. */
  private final double[] firstTail;
  private final double norm;
  private final double sigma;
  private final long halfWidth95;

  private NoiseFigures(String mechanism, String parameterName, double parameter, double q, double oneMinusQ,
      double sigma, double[] tail, double[] firstTail, double norm, double standardDeviation) {
    this.mechanism = mechanism;
    this.parameterName = parameterName;
    this.parameter = parameter;
    this.q = q;
    this.oneMinusQ = oneMinusQ;
    this.sigma = sigma;
    this.tail = tail;
    this.firstTail = firstTail;
    this.norm = norm;
    this.standardDeviation = standardDeviation;
    this.halfWidth95 = halfWidth(0.95);
  }

  public static NoiseFigures discreteLaplace(double scale) {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("scale must be positive");
    }
    double q = Math.exp(-1 / scale);
    double oneMinusQ = -Math.expm1(-1 / scale); // 1 - q without cancellation for large scales
    return new NoiseFigures(DiscreteLaplaceMechanism.NAME, "scale", scale, q, oneMinusQ, 0, null, null, 0,
        Math.sqrt(2 * q) / oneMinusQ);
  }

  public static NoiseFigures discreteGaussian(double sigmaSquared) {
    if (!(sigmaSquared > 0)) {
      throw new IllegalArgumentException("sigma^2 must be positive");
    }
    double sigma = Math.sqrt(sigmaSquared);
    if (sigma > MAX_TABLE_SIGMA) {
      return new NoiseFigures(DiscreteGaussianMechanism.NAME, "sigma_squared", sigmaSquared, 0, 0, sigma, null, null, 0,
          sigma);
    }
    int range = (int) Math.ceil(12 * sigma) + 2;
    double[] weight = new double[range + 1];
    for (int z = 0; z <= range; z++) {
      weight[z] = Math.exp(-((double) z * z) / (2 * sigmaSquared));
    }
    double[] tail = new double[range + 2];
    double[] firstTail = new double[range + 2];
    for (int z = range; z >= 0; z--) {
      tail[z] = tail[z + 1] + weight[z];
      firstTail[z] = firstTail[z + 1] + z * weight[z];
    }
    double norm = 2 * tail[0] - weight[0];
    double second = 0;
    for (int z = range; z >= 1; z--) {
      second += (double) z * z * weight[z];
    }
    return new NoiseFigures(DiscreteGaussianMechanism.NAME, "sigma_squared", sigmaSquared, 0, 0, sigma, tail, firstTail,
        norm, Math.sqrt(2 * second / norm));
  }

  /** {@code discrete_laplace} or {@code discrete_gaussian}. */
  public String mechanism() {
    return mechanism;
  }

  /** The scale b (Laplace) or sigma^2 (Gaussian). */
  public double parameter() {
    return parameter;
  }

  /** The parameter's name in release files: {@code scale} or {@code sigma_squared}. */
  public String parameterName() {
    return parameterName;
  }

  public double standardDeviation() {
    return standardDeviation;
  }

  /**
   * Half-width of the 95% interval: the smallest h with P[|Z| <= h] >= 0.95, so a noisy count lies
   * within h of the true count in at least 95 cells out of 100, taken before the threshold.
   */
  public long halfWidth95() {
    return halfWidth95;
  }

  /** P[|Z| <= h] for the 95% half-width h: the interval's exact coverage before the threshold, at least 0.95. */
  public double coverage95() {
    return probabilityWithin(halfWidth95);
  }

  /**
   * The 95% interval for the true count of a cell whose noisy count is {@code noisyCount}:
   * [noisyCount - h, noisyCount + h], its lower end raised to 0 (a true count is never negative, so
   * this keeps every true count the unclipped interval holds, and the coverage with it).
   */
  public Interval interval95(long noisyCount) {
    return Interval.around(noisyCount, halfWidth95);
  }

  /** A closed interval of counts: the published {@code ci95_low} and {@code ci95_high}. */
  public record Interval(long low, long high) {
    /**
     * [center - halfWidth, center + halfWidth] cut to the non-negative counts a true count can be:
     * [max(0, center - halfWidth), max(0, center + halfWidth)]. Cutting never drops a true count
     * the uncut interval holds (an unthresholded noisy total can be negative: then [0, 0] at most).
     */
    public static Interval around(long center, long halfWidth) {
      return new Interval(Math.max(0, center - halfWidth), Math.max(0, center + halfWidth));
    }

    public boolean contains(long count) {
      return low <= count && count <= high;
    }
  }

  /**
   * The coverage of the 95% interval among published cells of true count {@code trueCount} under
   * threshold {@code k}: P[|Z| <= h | trueCount + Z >= k]. Publication selects cells whose noise was
   * high, so this is below {@link #coverage95()} for counts near or below k, and 0 once k - trueCount
   * exceeds h (a published cell's interval then lies wholly above its true count).
   */
  public double coverageIfReleased(long trueCount, long k) {
    long m = k - trueCount; // published iff Z >= m
    if (m > halfWidth95) {
      return 0;
    }
    double inside = probabilityAtLeast(Math.max(m, -halfWidth95)) - probabilityAtLeast(halfWidth95 + 1);
    return inside / probabilityAtLeast(m);
  }

  /**
   * E[Z; Z >= m], the sum of z P[Z = z] over z >= m: what the noisy counts of empty cells published
   * under threshold m add, per empty cell, to a sum of published counts.
   */
  public double expectedAtLeast(long m) {
    if (m <= 0) {
      // E[Z; Z >= m] = E[Z] - E[Z; Z <= m - 1] = 0 + E[Z; Z >= 1 - m] by symmetry
      return expectedAtLeast(1 - m);
    }
    if (tail != null) {
      return m >= firstTail.length ? 0 : firstTail[(int) m] / norm;
    }
    if (sigma > 0) {
      // integral of x over the normal density from m - 1/2 (continuity correction)
      double x = m - 0.5;
      return sigma / Math.sqrt(2 * Math.PI) * Math.exp(-x * x / (2 * sigma * sigma));
    }
    return probabilityAtLeast(m) * (m + q / oneMinusQ);
  }

  /** P[Z >= m]. */
  public double probabilityAtLeast(long m) {
    if (m <= 0) {
      return 1 - probabilityAtLeast(1 - m); // symmetry: P[Z >= m] = 1 - P[Z >= 1 - m]
    }
    if (tail != null) {
      return m >= tail.length ? 0 : tail[(int) m] / norm;
    }
    if (sigma > 0) {
      return 0.5 * Erf.erfc((m - 0.5) / (sigma * Math.sqrt(2)));
    }
    return Math.exp(-m / parameter) / (1 + q);
  }

  /** P[|Z| <= h]. */
  public double probabilityWithin(long h) {
    return 1 - 2 * probabilityAtLeast(h + 1);
  }

  /**
   * The probability that a cell whose true count is {@code trueCount} is released under threshold
   * {@code k}: its noisy count trueCount + Z must reach k.
   */
  public double releaseProbability(long trueCount, long k) {
    return probabilityAtLeast(k - trueCount);
  }

  /** The true counts a plan reports: 0, 1, k-1, k, 2k, 5k and 10k (distinct, non-negative, ascending). */
  public static List<Long> countsOfInterest(long k) {
    TreeSet<Long> s = new TreeSet<>(List.of(0L, 1L, k - 1, k, 2 * k, 5 * k, 10 * k));
    s.removeIf(c -> c < 0);
    return List.copyOf(s);
  }

  private long halfWidth(double level) {
    double miss = (1 - level) / 2;
    long h;
    if (tail == null && sigma == 0) {
      // Laplace: q^(h+1) / (1+q) <= miss  <=>  h + 1 >= -b ln(miss (1+q))
      h = Math.max(0, (long) Math.ceil(-parameter * Math.log(miss * (1 + q))) - 1);
    } else {
      h = Math.max(0, (long) Math.ceil(1.959963984540054 * standardDeviation));
    }
    // The estimate is within a step or two; settle it on the exact tail to avoid rounding doubts.
    while (h > 0 && probabilityWithin(h - 1) >= level) {
      h--;
    }
    while (probabilityWithin(h) < level) {
      h++;
    }
    return h;
  }
}
