package io.privflow.pseudonymize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonymisation: HMAC-SHA256 over the normalised identifier.
 *
 * <p>Not thread-safe (a {@link Mac} is stateful): each DoFn instance owns one. The key never
 * leaves this class and is never printed; {@link #toString()} says so.
 */
public final class Pseudonymizer {
  /** Shortest key accepted: HMAC-SHA256 keys shorter than the hash output weaken it. */
  public static final int MIN_KEY_BYTES = 32;

  private final Mac mac;

  private Pseudonymizer(byte[] key) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }

  public static Pseudonymizer withKey(byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new KeyFileException(
          "the pseudonymisation key has " + key.length + " bytes; at least " + MIN_KEY_BYTES
              + " are required (create one with: privflow keygen --out FILE)");
    }
    return new Pseudonymizer(key);
  }

  /** Reads the key file; the file's bytes are the key. */
  public static Pseudonymizer fromKeyFile(Path keyFile) {
    return withKey(readKey(keyFile));
  }

  public static byte[] readKey(Path keyFile) {
    try {
      return Files.readAllBytes(keyFile);
    } catch (IOException e) {
      throw new KeyFileException("cannot read the pseudonymisation key file " + keyFile + ": "
          + e.getClass().getSimpleName());
    }
  }

  /**
   * The normalised identifier, or {@code null} when nothing is left after normalisation.
   *
   * <p>An identifier made only of digits and the punctuation people write phone numbers with
   * ({@code + - . ( )} and spaces) is an MSISDN or IMSI and becomes its digits, so that
   * {@code "+45 12 34 56 78"} and {@code "4512345678"} are one subscriber. Anything else (a device
   * or advertising id) is only trimmed. International prefixes ("00" versus "+") are not
   * rewritten: that depends on the operator's numbering plan.
   */
  public static String normalise(String raw) {
    if (raw == null) {
      return null;
    }
    String t = raw.strip();
    if (t.isEmpty()) {
      return null;
    }
    boolean phoneLike = true;
    int digits = 0;
    for (int i = 0; i < t.length() && phoneLike; i++) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (!(c == '+' || c == '-' || c == '.' || c == '(' || c == ')' || c == ' ')) {
        phoneLike = false;
      }
    }
    if (!phoneLike) {
      return t;
    }
    if (digits == 0) {
      return null;
    }
    if (digits == t.length()) {
      return t;
    }
    StringBuilder b = new StringBuilder(digits);
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Pseudonym of a raw identifier, or {@code null} if it is empty after normalisation. */
  public Pseudonym pseudonymize(String rawIdentifier) {
    String normalised = normalise(rawIdentifier);
    if (normalised == null) {
      return null;
    }
    byte[] h = mac.doFinal(normalised.getBytes(StandardCharsets.UTF_8));
    return Pseudonym.fromBytes(h);
  }

  @Override
  public String toString() {
    return "Pseudonymizer[HMAC-SHA256, key withheld]";
  }

  /** A key file that cannot be used; the message never contains key material. */
  public static final class KeyFileException extends RuntimeException {
    public KeyFileException(String message) {
      super(message);
    }
  }

  static void checkAvailable() throws GeneralSecurityException {
    Mac.getInstance("HmacSHA256");
  }
}
