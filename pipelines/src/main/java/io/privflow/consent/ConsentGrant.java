package io.privflow.consent;

import io.privflow.model.Pseudonym;

/**
 * One valid row of the consent registry, pseudonymised. Lives on the driver only: the pipeline
 * sees {@link Coverage}, never a grant, and never the registry's identifier.
 *
 * @param registryId the identifier as the registry writes it (stripped); it is written to the
 *     export only for a subject whose consent covers it, and never printed
 * @param purpose normalised ({@link ConsentPurposes#normalise}), one of the policy's consent purposes
 * @param validUntilMillis expiry (exclusive), or {@link Long#MAX_VALUE} for none
 * @param revokedAtMillis withdrawal, or {@link Long#MAX_VALUE} for none
 */
record ConsentGrant(
    Pseudonym pseudonym,
    String registryId,
    String purpose,
    long grantedAtMillis,
    long validUntilMillis,
    long revokedAtMillis,
    String textVersion,
    String channel) {

  static final long OPEN = Long.MAX_VALUE;

  boolean withdrawnBy(long nowMillis) {
    return revokedAtMillis != OPEN && revokedAtMillis <= nowMillis;
  }

  @Override
  public String toString() {
    // Never print the registry's identifier, even by accident in an exception message.
    return "ConsentGrant[identifier withheld, purpose=" + purpose + "]";
  }
}
