package io.privflow.files;

import io.privflow.PrivflowException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The custodian's secret keys (the pseudonymisation key, the ledger's MAC key), in the one format
 * privflow writes and accepts:
 *
 * <pre>
 * privflow-key v1
 * &lt;32 random bytes, base64&gt;
 * check &lt;first 16 hex digits of SHA-256(header line + key bytes)&gt;
 * </pre>
 *
 * A key is read only from a file privflow made (the header and the check must match) that no one
 * but its owner can read or write: a world-readable system file, or 32 bytes a requester knows,
 * is not a key. The key bytes never leave this class but to the MAC that uses them.
 */
public final class KeyFiles {
  public static final int KEY_BYTES = 32;
  private static final String HEADER = "privflow-key v1";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private KeyFiles() {}

  /** A key file that cannot be used; the message never contains key material. */
  public static final class KeyFileException extends PrivflowException {
    public KeyFileException(String message) {
      super(message);
    }
  }

  /** Writes a new random key, owner-only; never overwrites. */
  public static void create(Path file, SecureRandom random) throws IOException {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      throw new KeyFileException(file + " exists already; a key is never overwritten");
    }
    String text = HEADER + "\n" + Base64.getEncoder().encodeToString(key) + "\ncheck " + check(key) + "\n";
    Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    Arrays.fill(key, (byte) 0);
  }

  /**
   * The key bytes of a privflow key file.
   *
   * @param role what the key is for, in messages ("the pseudonymisation key")
   */
  public static byte[] read(Path file, String role) {
    if (!Files.isRegularFile(file)) {
      throw new KeyFileException(role + " file " + file + " does not exist (create one with: privflow keygen --out "
          + file + ")");
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(perms)) {
        throw new KeyFileException(role + " file " + file + " can be read or written by others ("
            + PosixFilePermissions.toString(perms) + "); a key must be owner-only: chmod 600 " + file);
      }
    } catch (UnsupportedOperationException e) {
      throw new KeyFileException("cannot check who may read " + role + " file " + file
          + " (not a POSIX file system); keys must be on one");
    } catch (IOException e) {
      throw new KeyFileException("cannot read " + role + " file " + file);
    }
    List<String> lines;
    try {
      if (Files.size(file) > 1024) {
        throw new KeyFileException(role + " file " + file + " is not a privflow key (too large)");
      }
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (CharacterCodingException e) {
      // binary, such as a key file of raw bytes (privflow's format before its key files): not an error reading
      throw new KeyFileException(role + " file " + file + " is not a key privflow made (create one with:"
          + " privflow keygen --out FILE)");
    } catch (IOException e) {
      throw new KeyFileException("cannot read " + role + " file " + file);
    }
    byte[] key;
    try {
      if (lines.size() != 3 || !lines.get(0).equals(HEADER) || !lines.get(2).startsWith("check ")) {
        throw new IllegalArgumentException();
      }
      key = Base64.getDecoder().decode(lines.get(1).strip());
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(role + " file " + file + " is not a key privflow made (create one with:"
          + " privflow keygen --out FILE)");
    }
    if (key.length != KEY_BYTES || !lines.get(2).substring(6).strip().equals(check(key))) {
      throw new KeyFileException(role + " file " + file + " is damaged: its check does not match its key");
    }
    boolean allSame = true;
    for (byte b : key) {
      allSame &= b == key[0];
    }
    if (allSame) {
      throw new KeyFileException(role + " file " + file + " holds a key of one repeated byte, not a random key");
    }
    return key;
  }

  private static String check(byte[] key) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(HEADER.getBytes(StandardCharsets.US_ASCII));
      d.update(key);
      return HexFormat.of().formatHex(d.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
