package io.privflow.generate;

import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/** The few kinds of random draws the generator needs, on top of one seeded stream. */
final class Draw {
  private final RandomGenerator rng;

  Draw(RandomGenerator rng) {
    this.rng = rng;
  }

  double uniform() {
    return rng.nextDouble();
  }

  double uniform(double lo, double hi) {
    return lo + (hi - lo) * rng.nextDouble();
  }

  /** Integer in [lo, hi], both inclusive. */
  int between(int lo, int hi) {
    return lo + rng.nextInt(hi - lo + 1);
  }

  int index(int size) {
    return rng.nextInt(size);
  }

  boolean chance(double p) {
    return rng.nextDouble() < p;
  }

  double normal(double mean, double sd) {
    return mean + sd * rng.nextGaussian();
  }

  /** Log-normal with the given median and log-scale spread: activity levels span decades. */
  double logNormal(double median, double sigma) {
    return new LogNormalDistribution(rng, Math.log(median), sigma,
        LogNormalDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY).sample();
  }

  int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    return new PoissonDistribution(rng, mean, PoissonDistribution.DEFAULT_EPSILON,
        PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
  }

  /** Index drawn with probability proportional to its weight. */
  int weighted(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = rng.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0 && weights[i] > 0) {
        return i;
      }
    }
    for (int i = weights.length - 1; i >= 0; i--) {
      if (weights[i] > 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("no positive weight");
  }
}
