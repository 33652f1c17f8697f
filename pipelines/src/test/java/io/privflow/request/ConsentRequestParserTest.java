package io.privflow.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consent-export request, like a release request, cannot choose the pseudonymisation key or the
 * custodian-only directory (#11 item 5): both are the custodian's, from the policy. Milliseconds.
 */
class ConsentRequestParserTest {
  @TempDir Path dir;

  private Path request(String extra, String outputExtra) throws Exception {
    return Files.writeString(dir.resolve("consent.yaml"), """
        requester:
          organisation: Test Institute
        purpose: public_health_research
        legal_basis: consent (GDPR Art. 6(1)(a))
        time: {start: 2020-03-01, end: 2020-03-05, zone: UTC}
        subjects: all_consenting
        inputs:
          network_events: [%s]
          cells: [%s]
          consent_registry: [registry.csv]
        %s
        output:
          detail: raw_points
          directory: export
        %s
        """.formatted(Fixtures.tiny("network_events.csv"), Fixtures.tiny("cells.csv"), extra, outputExtra));
  }

  @Test
  void theRequestWithoutThemIsAccepted() throws Exception {
    ConsentRequest r = ConsentRequestParser.parse(request("", ""));
    assertEquals(dir.resolve("export"), r.outputDirectory());
  }

  @Test
  void aKeyFileOrACustodianDirectoryInTheRequestIsRefused() throws Exception {
    Path f = request("pseudonymization:\n  key_file: /etc/hostname", "  custodian_directory: /tmp/outbox");
    var e = assertThrows(ConsentRequestException.class, () -> ConsentRequestParser.parse(f));
    assertTrue(e.getMessage().contains("pseudonymization: not part of a request: the pseudonymisation key is the"
        + " custodian's (the policy's pseudonymization_key_file)"), e.getMessage());
    assertTrue(e.getMessage().contains("output.custodian_directory: not part of a request: custodian-only files go"
        + " where the policy's custodian_directory says"), e.getMessage());
    assertFalse(e.getMessage().contains("/etc/hostname") || e.getMessage().contains("/tmp/outbox"), e.getMessage());
    // the refusal carries the request's header, so the run can audit it
    assertEquals("public_health_research", e.header().purpose());
  }
}
