package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Deterministic: the cell numbering of the public OD domain. */
class OdDomainTest {

  @ParameterizedTest(name = "{0} slots x {1} regions")
  @CsvSource({"1,1", "1,5", "3,4", "7,3", "2,13"})
  void encodeDecodeRoundTripOverEveryCell(int slots, int regions) {
    OdDomain d = new OdDomain(slots, regions);
    assertEquals((long) slots * regions * regions, d.size());
    assertEquals((long) regions * regions, d.cellsPerSlot());
    Set<Long> seen = new HashSet<>();
    for (int w = 0; w < slots; w++) {
      for (int o = 0; o < regions; o++) {
        for (int t = 0; t < regions; t++) {
          long c = d.cell(w, o, t);
          assertTrue(c >= 0 && c < d.size(), "cell " + c + " outside [0, " + d.size() + ")");
          assertTrue(seen.add(c), "cell " + c + " assigned twice");
          assertEquals(w, d.slotOf(c), "slot of " + c);
          assertEquals(o, d.originOf(c), "origin of " + c);
          assertEquals(t, d.destinationOf(c), "destination of " + c);
        }
      }
    }
    assertEquals(d.size(), seen.size(), "every cell index in [0, size) is used");
    // And the other way round: every index decodes to a triple that encodes back to it.
    for (long c = 0; c < d.size(); c++) {
      assertEquals(c, d.cell(d.slotOf(c), d.originOf(c), d.destinationOf(c)));
    }
  }

  @Test
  void knownLayout() {
    OdDomain d = new OdDomain(3, 4);
    assertEquals(48, d.size());
    assertEquals(0, d.cell(0, 0, 0));
    assertEquals(1, d.cell(0, 0, 1));
    assertEquals(4, d.cell(0, 1, 0));
    assertEquals(16, d.cell(1, 0, 0));
    assertEquals(47, d.cell(2, 3, 3));
  }

  @Test
  void largeDomainDoesNotOverflowInt() {
    OdDomain d = new OdDomain(1000, 50_000);
    assertEquals(2_500_000_000_000L, d.size());
    long last = d.cell(999, 49_999, 49_999);
    assertEquals(d.size() - 1, last);
    assertEquals(999, d.slotOf(last));
    assertEquals(49_999, d.originOf(last));
    assertEquals(49_999, d.destinationOf(last));
  }

  @Test
  void invalidDomainsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new OdDomain(0, 3));
    assertThrows(IllegalArgumentException.class, () -> new OdDomain(-1, 3));
    assertThrows(IllegalArgumentException.class, () -> new OdDomain(2, 0));
    assertThrows(IllegalArgumentException.class, () -> new OdDomain(2, -4));
    assertThrows(IllegalArgumentException.class, () -> new OdDomain(0, 0));
  }
}
