package io.privflow.request;

import io.privflow.PrivflowException;
import java.util.List;

/** A request that cannot be run; lists every problem found, each naming its field path. */
public final class RequestException extends PrivflowException {
  private final List<String> problems;

  public RequestException(List<String> problems) {
    super(problems.size() == 1
        ? "invalid request: " + problems.get(0)
        : "invalid request (" + problems.size() + " problems): " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
