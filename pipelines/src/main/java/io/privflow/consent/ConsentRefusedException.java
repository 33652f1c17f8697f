package io.privflow.consent;

import io.privflow.PrivflowException;

/**
 * A consent export refused before any event was read (a purpose the policy's consent_purposes do
 * not list, no registry, an output directory that exists or belongs to a release, an unusable key
 * or registry file). The refusal is audited. The
 * message names files and fields, never an identifier.
 */
public final class ConsentRefusedException extends PrivflowException {
  public ConsentRefusedException(String message) {
    super(message);
  }
}
