package io.privflow.cli;

import io.privflow.plan.BudgetCharge;
import io.privflow.plan.NoiseCalibration;
import io.privflow.plan.ReleaseForecast;
import io.privflow.plan.ReleasePlan;
import io.privflow.plan.ReleasePlanner;
import io.privflow.policy.Policy;
import io.privflow.policy.PolicyCheck;
import io.privflow.policy.PolicyException;
import io.privflow.privacy.ledger.BudgetLedger;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code privflow plan --request FILE}: what a release would give, from public parameters only.
 * No input file is opened (the region file is read: it is public and fixes the domain) and nothing
 * is reserved in the ledger; the policy's rules are checked as a release would check them.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Show a request's noise, interval width, release chances per true count, domain size and"
        + " the budget left after it, without reading any data or spending budget.")
public final class PlanCommand implements Callable<Integer> {
  @Option(names = "--request", required = true, description = "YAML release request.")
  Path request;

  @Mixin PolicyOption policyOption = new PolicyOption();

  @Override
  public Integer call() {
    ReleaseRequest req = RequestParser.parse(request);
    Policy policy = policyOption.load();
    ReleasePlan plan = new ReleasePlanner(w -> System.out.println("privflow: warning: " + w), NoiseCalibration.exact())
        .plan(req, policy);
    List<String> broken = PolicyCheck.violations(req, policy, LocalDate.now(ZoneOffset.UTC), plan.figures());
    System.out.printf("plan of request %s (dataset %s): %d regions x %d windows of %s; nothing was read or spent%n",
        req.requestId(), req.dataset(), plan.regions().size(), plan.windows().count(), req.time().windowText());
    if (req.regions().grid() != null) {
      // The digest a custodian puts in allowed_region_sets to approve this grid over this area.
      System.out.printf("region set '%s': grid %s over %s, %d cells; sha256 %s%n", plan.regions().name(),
          req.regions().grid().describe(), req.regions().grid().area().getFileName(), plan.regions().size(),
          plan.regions().sha256());
    }
    System.out.println("mapping: " + plan.mapping().sentence());
    if (plan.levels() != null) {
      var h = req.regions().hierarchy();
      System.out.printf("region hierarchy: %s (%d regions, %s of each cell metric's budget) in %s (%d regions, %s);"
              + " tables made consistent from the noisy values, thresholds applied after; the figures below are each"
              + " level's raw noisy values' (consistent values: docs/accuracy.md)%n", h.fine().name(),
          plan.levels().fine().size(), io.privflow.privacy.Decimals.plain(h.fine().share()), h.coarse().name(),
          plan.levels().coarse().size(), io.privflow.privacy.Decimals.plain(h.coarse().share()));
    }
    if (plan.nights() != null) {
      System.out.println(homeLine(req, plan));
    }
    if (policy.datasets().containsKey(req.dataset())) {
      try {
        BudgetCharge charge = BudgetCharge.of(req, policy);
        var balances = BudgetLedger.open(policy).balances(req.dataset());
        ReleaseForecast.of(plan, charge, balances, false).print(System.out);
      } catch (PolicyException e) {
        // the mechanism does not fit the dataset's accounting: listed with the other broken rules
      }
    }
    if (!broken.isEmpty()) {
      throw new PolicyException("the custodian policy would refuse this request", broken);
    }
    System.out.println("policy: the request follows every rule of " + policy.file().getFileName());
    return 0;
  }

  /** The night rule of the home metrics, and their budget shares and bounds. */
  static String homeLine(ReleaseRequest req, ReleasePlan plan) {
    var h = req.metrics().home();
    var ms = req.metrics();
    StringBuilder b = new StringBuilder(String.format("home: per night %s-%s local time in %s, a device's home is its"
        + " night region on the most nights, given one on at least %d of the %d nights that touch the time range;"
        + " otherwise unknown",
        h.nightStart(), h.nightEnd(), plan.nights().zone().getId(), h.minNights(), plan.nights().count()));
    if (ms.homePresence() != null) {
      b.append("; home_presence: budget share ").append(io.privflow.privacy.Decimals.plain(ms.homePresence().share()))
          .append(", max_windows_per_device ").append(ms.homePresence().maxWindowsPerDevice());
    }
    if (ms.homeOd() != null) {
      b.append("; home_od: budget share ").append(io.privflow.privacy.Decimals.plain(ms.homeOd().share()))
          .append(", max_transitions_per_device ").append(ms.homeOd().maxTransitionsPerDevice());
    }
    return b.toString();
  }
}
