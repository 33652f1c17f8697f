package io.privflow.privacy;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The only source of randomness for noise and sampling. There is deliberately no fallback: if the
 * JVM cannot provide a DRBG seeded from the operating system, the run fails.
 */
public final class SecureRandoms {
  private SecureRandoms() {}

  /** A new, independently seeded NIST SP 800-90A DRBG (seeded from the OS entropy source). */
  public static SecureRandom create() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "secure randomness (DRBG) is not available in this JVM; refusing to add noise without it", e);
    }
  }
}
