package io.privflow.plan;

import io.privflow.PrivflowException;

/** A request that parses but cannot be planned (its time range holds too few windows, say). */
public final class PlanException extends PrivflowException {
  public PlanException(String message) {
    super(message);
  }
}
