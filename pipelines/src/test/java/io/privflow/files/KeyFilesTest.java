package io.privflow.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key is a key privflow made (#11 item 5): the review's hostile request named a world-readable
 * system file, or 32 zero bytes, as its pseudonymisation key, then re-identified its own records. A
 * key file must have privflow's header, 32 bytes, the check that matches them and owner-only
 * permissions, and its bytes must not be one repeated byte; each refusal says why without a byte of
 * the key. The files are written by hand here, so the format itself is pinned. Milliseconds per test.
 */
class KeyFilesTest {
  private static final String HEADER = "privflow-key v1";

  @TempDir Path dir;

  /** A key file in privflow's format, with the check computed as privflow computes it (or {@code check}). */
  private Path keyFile(String name, byte[] key, String check) throws Exception {
    String c = check;
    if (c == null) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(HEADER.getBytes(StandardCharsets.US_ASCII));
      d.update(key);
      c = HexFormat.of().formatHex(d.digest()).substring(0, 16);
    }
    Path f = Files.writeString(dir.resolve(name), HEADER + "\n" + Base64.getEncoder().encodeToString(key) + "\ncheck "
        + c + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  private static byte[] random() {
    byte[] b = new byte[KeyFiles.KEY_BYTES];
    new SecureRandom().nextBytes(b);
    return b;
  }

  private static String refusal(Path f) {
    String m = assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.read(f, "the test key")).getMessage();
    assertTrue(m.startsWith("the test key file " + f), m);
    return m;
  }

  @Test
  void aWellFormedOwnerOnlyKeyIsRead() throws Exception {
    byte[] key = random();
    assertArrayEqualsNoPrint(key, KeyFiles.read(keyFile("good.key", key, null), "the test key"));
  }

  private static void assertArrayEqualsNoPrint(byte[] expected, byte[] actual) {
    assertTrue(Arrays.equals(expected, actual), "the key read is not the key written");
  }

  @Test
  void keygenWritesAnOwnerOnlyKeyThatReadsBackAndNeverOverwrites() throws Exception {
    Path f = dir.resolve("made.key");
    KeyFiles.create(f, new SecureRandom());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    byte[] key = KeyFiles.read(f, "the test key");
    assertEquals(KeyFiles.KEY_BYTES, key.length);
    var e = assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.create(f, new SecureRandom()));
    assertTrue(e.getMessage().contains("a key is never overwritten"), e.getMessage());
    assertArrayEqualsNoPrint(key, KeyFiles.read(f, "the test key"));
  }

  @Test
  void thirtyTwoZeroBytesInAProperKeyFileAreRefused() throws Exception {
    Path f = keyFile("zero.key", new byte[KeyFiles.KEY_BYTES], null);
    assertTrue(refusal(f).endsWith("holds a key of one repeated byte, not a random key"));
    byte[] same = new byte[KeyFiles.KEY_BYTES];
    Arrays.fill(same, (byte) 0x5a);
    assertTrue(refusal(keyFile("z.key", same, null)).endsWith("holds a key of one repeated byte, not a random key"));
    // one byte different is not "one repeated byte" (the rule is not about entropy in general)
    same[31] = 0x5b;
    assertEquals(KeyFiles.KEY_BYTES, KeyFiles.read(keyFile("almost.key", same, null), "the test key").length);
  }

  @Test
  void aCheckThatDoesNotMatchTheKeyIsRefused() throws Exception {
    byte[] key = random();
    String m = refusal(keyFile("bad-check.key", key, "0123456789abcdef"));
    assertTrue(m.endsWith("is damaged: its check does not match its key"), m);
    assertFalse(m.contains(Base64.getEncoder().encodeToString(key)), "no key material in the message");
    // a key with one bit flipped after it was made: its check no longer matches
    Path good = keyFile("flipped.key", key, null);
    byte[] flipped = key.clone();
    flipped[0] ^= 1;
    Files.writeString(good, Files.readString(good).replace(Base64.getEncoder().encodeToString(key),
        Base64.getEncoder().encodeToString(flipped)));
    assertTrue(refusal(good).endsWith("is damaged: its check does not match its key"));
  }

  @Test
  void aKeyOfAnotherLengthIsRefused() throws Exception {
    byte[] shorter = Arrays.copyOf(random(), 31);
    assertTrue(refusal(keyFile("short.key", shorter, null)).endsWith("is damaged: its check does not match its key"));
  }

  @Test
  void aFilePrivflowDidNotMakeIsRefused() throws Exception {
    Path hostname = Files.writeString(dir.resolve("hostname"), "build-host-01\n");
    Files.setPosixFilePermissions(hostname, PosixFilePermissions.fromString("rw-------"));
    assertTrue(refusal(hostname).contains("is not a key privflow made"));
    Path raw = Files.write(dir.resolve("raw.key"), random()); // the old format: the file's bytes were the key
    Files.setPosixFilePermissions(raw, PosixFilePermissions.fromString("rw-------"));
    assertTrue(refusal(raw).contains("is not a key privflow made"));
    assertTrue(refusal(dir.resolve("missing.key")).contains("does not exist (create one with: privflow keygen"));
  }

  @Test
  void aKeyOthersCanReadOrWriteIsRefused() throws Exception {
    Path f = keyFile("shared.key", random(), null);
    for (String perms : new String[] {"rw-r--r--", "rw-r-----", "rw--w----", "rw-----w-"}) {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
      String m = refusal(f);
      assertTrue(m.contains("can be read or written by others (" + perms + "); a key must be owner-only: chmod 600"),
          m);
    }
  }
}
