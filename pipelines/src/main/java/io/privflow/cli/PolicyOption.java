package io.privflow.cli;

import io.privflow.policy.Policy;
import io.privflow.policy.PolicyException;
import io.privflow.policy.PolicyParser;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The custodian policy option shared by the commands that touch the budget ledger. */
final class PolicyOption {
  @Option(names = "--policy", description = "Custodian policy file (default: $PRIVFLOW_POLICY).")
  Path policy;

  /** The parsed policy; there is no default policy: without one nothing runs. */
  Policy load() {
    Path p = policy;
    if (p == null) {
      String env = System.getenv(PolicyParser.POLICY_ENV);
      if (env == null || env.isBlank()) {
        throw new PolicyException("no custodian policy",
            List.of("pass --policy FILE or set " + PolicyParser.POLICY_ENV + "; the policy holds the privacy budgets"));
      }
      p = Path.of(env);
    }
    return PolicyParser.parse(p);
  }
}
