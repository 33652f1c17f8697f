package io.privflow.cli;

import io.privflow.policy.Policy;
import io.privflow.policy.PolicyParser;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The custodian policy option shared by every command that touches the ledger database. */
public final class PolicyOption {
  @Option(names = "--policy", description = "Custodian policy file (default: $PRIVFLOW_POLICY).")
  Path policy;

  /** The parsed policy; there is no default policy: without one nothing runs. */
  public Policy load() {
    return PolicyParser.fromOptionOrEnvironment(policy);
  }
}
