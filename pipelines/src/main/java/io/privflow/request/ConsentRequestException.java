package io.privflow.request;

import io.privflow.PrivflowException;
import java.util.List;

/**
 * A consent-export request that cannot be run; lists every problem, each naming its field path and
 * never a field's value (a value may be a subject's identifier). Carries what could be read of the
 * request's header, so the refusal is audited with it.
 */
public final class ConsentRequestException extends PrivflowException {
  private final transient ConsentRequest.Header header;
  private final List<String> problems;

  public ConsentRequestException(ConsentRequest.Header header, List<String> problems) {
    super(problems.size() == 1
        ? "invalid consent-export request: " + problems.get(0)
        : "invalid consent-export request (" + problems.size() + " problems): " + String.join("; ", problems));
    this.header = header;
    this.problems = List.copyOf(problems);
  }

  public ConsentRequest.Header header() {
    return header;
  }

  public List<String> problems() {
    return problems;
  }
}
