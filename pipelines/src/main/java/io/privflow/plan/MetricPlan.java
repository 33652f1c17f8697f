package io.privflow.plan;

import io.privflow.bounding.ContributionBounder;
import io.privflow.privacy.CellDomain;
import io.privflow.privacy.CountReleaser;
import io.privflow.privacy.Rational;
import java.io.Serializable;

/**
 * One metric of a release: its public domain, its contribution bound, its share of the budget
 * ({@code budget} is epsilon or rho, as the release's mechanism accounts) and its release rule.
 */
public record MetricPlan(
    Metric metric, CellDomain domain, ContributionBounder bounder, Rational budget, CountReleaser releaser)
    implements Serializable {}
