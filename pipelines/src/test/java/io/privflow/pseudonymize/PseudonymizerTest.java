package io.privflow.pseudonymize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.model.Identifiers;
import io.privflow.model.Pseudonym;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {
  private static final byte[] KEY = new byte[32];

  static {
    Arrays.fill(KEY, (byte) 7);
  }

  @Test
  void msisdnIsNormalisedToDigits() {
    assertEquals("4512345678", Identifiers.normalise(" +45 12 34 56 78 "));
    assertEquals("4512345678", Identifiers.normalise("+45-12-34-56-78"));
    assertEquals("4512345678", Identifiers.normalise("(45) 12.34.56.78"));
    assertEquals("238011234567890", Identifiers.normalise("238011234567890"));
  }

  @Test
  void otherIdentifiersAreOnlyTrimmed() {
    assertEquals("a1b2-c3D4", Identifiers.normalise("  a1b2-c3D4\t"));
  }

  @Test
  void emptyIdentifiersNormaliseToNull() {
    assertNull(Identifiers.normalise(null));
    assertNull(Identifiers.normalise("   "));
    assertNull(Identifiers.normalise("+ - ()"));
  }

  @Test
  void pseudonymIsTheTruncatedHmacOfTheNormalisedIdentifier() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    byte[] expected = Arrays.copyOf(mac.doFinal("4512345678".getBytes(StandardCharsets.UTF_8)), 16);
    Pseudonym p = Pseudonymizer.withKey(KEY).pseudonymize("+45 12 34 56 78");
    assertArrayEquals(expected, java.util.HexFormat.of().parseHex(p.toHex()));
    assertEquals(p, Pseudonym.fromHex(p.toHex()));
  }

  @Test
  void sameSubscriberInBothFormsGetsOnePseudonymAndKeysSeparate() {
    Pseudonymizer a = Pseudonymizer.withKey(KEY);
    assertEquals(a.pseudonymize("+45 12 34 56 78"), a.pseudonymize("4512345678"));
    byte[] other = KEY.clone();
    other[0] = 8;
    assertNotEquals(a.pseudonymize("4512345678"), Pseudonymizer.withKey(other).pseudonymize("4512345678"));
  }

  @Test
  void shortKeysAreRefusedAndTheKeyIsNeverPrinted() {
    var e = assertThrows(io.privflow.files.KeyFiles.KeyFileException.class, () -> Pseudonymizer.withKey(new byte[16]));
    assertTrue(e.getMessage().contains("at least 32"));
    assertFalse(Pseudonymizer.withKey(KEY).toString().contains("7"));
  }
}
