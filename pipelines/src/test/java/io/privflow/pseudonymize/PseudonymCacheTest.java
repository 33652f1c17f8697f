package io.privflow.pseudonymize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One HMAC per distinct identifier, the same pseudonyms as without the cache, and bounded memory. Under 1 s. */
class PseudonymCacheTest {
  private static Pseudonymizer pseudonymizer() {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    return Pseudonymizer.withKey(key);
  }

  @Test
  void eachDistinctIdentifierIsHashedOnceAndGivesItsOwnPseudonym() {
    Pseudonymizer direct = pseudonymizer();
    PseudonymCache cache = new PseudonymCache(pseudonymizer());
    Random random = new Random(1);
    for (int i = 0; i < 20_000; i++) {
      // runs of one subscriber (sorted exports) and returns to earlier ones
      String id = "45" + (random.nextInt(10) < 8 ? i / 50 : random.nextInt(400));
      assertEquals(direct.pseudonymize(id), cache.of(id));
    }
    assertEquals(400, cache.computed(), "one HMAC per distinct identifier");
  }

  @Test
  void itHoldsAtMostItsLimitOfIdentifiers() {
    Pseudonymizer direct = pseudonymizer();
    PseudonymCache cache = new PseudonymCache(pseudonymizer(), 100);
    for (int i = 0; i < 1_000; i++) {
      String id = "45" + i;
      assertEquals(direct.pseudonymize(id), cache.of(id));
      assertTrue(cache.size() <= 100, "size " + cache.size());
    }
    assertEquals(direct.pseudonymize("450"), cache.of("450"), "a dropped identifier is hashed again, identically");
    cache.clear();
    assertEquals(0, cache.size());
  }
}
