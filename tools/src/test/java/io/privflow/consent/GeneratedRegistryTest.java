package io.privflow.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.generate.GenerateOptions;
import io.privflow.generate.GenerateSummary;
import io.privflow.generate.SampleDataGenerator;
import io.privflow.model.Pseudonym;
import io.privflow.pseudonymize.Pseudonymizer;
import io.privflow.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's consent registry: a deterministic minority of devices, the cases the rules know. */
class GeneratedRegistryTest {
  @TempDir Path dir;

  @Test
  void aMinorityConsentsWithExpiriesWithdrawalsAndOneReConsentInBothFormats() throws Exception {
    GenerateOptions o = new GenerateOptions(300, 7, 42, LocalDate.of(2020, 3, 2), 0.3);
    GenerateSummary s = SampleDataGenerator.generate(o, dir.resolve("a"), "a");
    SampleDataGenerator.generate(o, dir.resolve("b"), "b");
    assertEquals(Files.readString(dir.resolve("a/consent_registry.csv")),
        Files.readString(dir.resolve("b/consent_registry.csv")), "deterministic with the seed");

    Pseudonymizer p = Pseudonymizer.fromKeyFile(Fixtures.key(dir));
    // the purposes the generator writes, as the sample policy lists them
    ConsentPurposes purposes = ConsentPurposes.of(List.of("public_health_research", "traffic_planning"));
    var csv = ConsentRegistry.read(List.of(dir.resolve("a/consent_registry.csv")), p, purposes);
    var parquet = ConsentRegistry.read(List.of(dir.resolve("a/consent_registry.parquet")), Pseudonymizer.fromKeyFile(
        Fixtures.key(dir)), purposes);
    assertEquals(csv.grants(), parquet.grants());
    assertEquals(1, csv.rejected().size(), "one deliberately incomplete row");
    assertEquals(s.consentRows(), csv.rows());

    Set<Pseudonym> subjects = csv.grants().stream().map(ConsentGrant::pseudonym).collect(Collectors.toSet());
    assertEquals(s.consentSubjects(), subjects.size());
    assertTrue(subjects.size() >= 30 && subjects.size() <= 45, subjects.size() + " of 300 consent");
    assertEquals(Set.of("public_health_research", "traffic_planning"),
        csv.grants().stream().map(ConsentGrant::purpose).collect(Collectors.toSet()));
    assertTrue(csv.grants().stream().anyMatch(g -> g.validUntilMillis() != ConsentGrant.OPEN));
    assertTrue(csv.grants().stream().filter(g -> g.revokedAtMillis() != ConsentGrant.OPEN).count() >= 2);

    // one subject withdrew and consented again for the same purpose during the period
    long start = Instant.parse("2020-03-02T00:00:00Z").toEpochMilli();
    long end = Instant.parse("2020-03-09T00:00:00Z").toEpochMilli();
    Map<String, List<ConsentGrant>> byKey = csv.grants().stream()
        .collect(Collectors.groupingBy(g -> g.pseudonym() + "/" + g.purpose()));
    long reConsents = byKey.values().stream().filter(gs -> gs.stream().anyMatch(g -> g.revokedAtMillis() >= start
        && g.revokedAtMillis() < end) && gs.stream().anyMatch(g -> g.grantedAtMillis() > start
        && g.revokedAtMillis() == ConsentGrant.OPEN && gs.stream().anyMatch(
            w -> w.revokedAtMillis() < g.grantedAtMillis()))).count();
    assertEquals(1, reConsents);

    // every registry subject is a device of the network file
    Set<Pseudonym> devices = new HashSet<>();
    List<String> network = Files.readAllLines(dir.resolve("a/network_events.csv"));
    for (String line : network.subList(1, network.size())) {
      String id = line.startsWith("\"") ? line.substring(1, line.indexOf('"', 1)) : line.substring(0, line.indexOf(','));
      Pseudonym q = p.pseudonymize(id);
      if (q != null) {
        devices.add(q);
      }
    }
    assertTrue(devices.containsAll(subjects));
  }
}
