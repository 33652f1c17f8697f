package io.privflow.pseudonymize;

import io.privflow.files.KeyFiles;
import io.privflow.model.Identifiers;
import io.privflow.model.Pseudonym;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
      throw new KeyFiles.KeyFileException(
          "the pseudonymisation key has " + key.length + " bytes; at least " + MIN_KEY_BYTES
              + " are required (create one with: privflow keygen --out FILE)");
    }
    return new Pseudonymizer(key);
  }

  /** Reads a privflow key file (see {@link KeyFiles}): header, check and owner-only permissions. */
  public static Pseudonymizer fromKeyFile(Path keyFile) {
    return withKey(KeyFiles.read(keyFile, "the pseudonymisation key"));
  }

  /** Pseudonym of a raw identifier, or {@code null} if it is empty after normalisation. */
  public Pseudonym pseudonymize(String rawIdentifier) {
    String normalised = Identifiers.normalise(rawIdentifier);
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
}
