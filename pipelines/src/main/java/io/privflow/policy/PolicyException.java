package io.privflow.policy;

import io.privflow.PrivflowException;
import java.util.List;

/** A policy file that cannot be used, or a request the policy refuses; lists every problem. */
public final class PolicyException extends PrivflowException {
  private final List<String> problems;

  public PolicyException(String what, List<String> problems) {
    super(what + (problems.size() == 1 ? ": " + problems.get(0)
        : " (" + problems.size() + " problems): " + String.join("; ", problems)));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
