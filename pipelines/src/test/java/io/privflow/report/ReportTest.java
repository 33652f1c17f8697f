package io.privflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.privflow.files.Digests;
import io.privflow.files.LocalParquet;
import io.privflow.privacy.NoiseFigures;
import io.privflow.publish.Manifest;
import io.privflow.request.ReleaseRequest;
import io.privflow.testing.Fixtures;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.parquet.hadoop.ParquetReader;
import org.junit.jupiter.api.Test;

/** The anonymisation report of real releases: files, schema, numbers, budget, lineage, custodian split. */
class ReportTest {
  private final ObjectMapper json = new ObjectMapper();

  private JsonNode report(ReleaseRequest r) throws Exception {
    return json.readTree(r.outputDirectory().resolve("report.json").toFile());
  }

  private static JsonSchema schema() throws Exception {
    JsonSchemaFactory f = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    JsonNode tree = new ObjectMapper().readTree(Fixtures.projectRoot().resolve("docs/report.schema.json").toFile());
    return f.getSchema(tree, config);
  }

  @Test
  void bothReportFilesAreInTheReleaseAndItsManifest() throws Exception {
    ReleasedReport made = ReleasedReport.get();
    Path out = made.first.outputDirectory();
    JsonNode manifest = json.readTree(out.resolve(Manifest.FILE).toFile()).path("files");
    assertTrue(manifest.has("report.json") && manifest.has("report.html"), manifest.toString());
    assertEquals(List.of(), Manifest.verify(out));
    JsonNode files = json.readTree(out.resolve("release.json").toFile()).path("files");
    assertTrue(files.toString().contains("report.json") && files.toString().contains("report.html"));
  }

  @Test
  void reportJsonFollowsItsSchema() throws Exception {
    ReleasedReport made = ReleasedReport.get();
    JsonSchema schema = schema();
    for (ReleaseRequest r : List.of(made.first, made.second)) {
      Set<ValidationMessage> errors = schema.validate(report(r));
      assertEquals(Set.of(), errors, r.requestId());
    }
    // the schema is strict: an extra figure is an error
    ObjectNode extra = (ObjectNode) report(made.first);
    ((ObjectNode) extra.path("raw_data_figures")).put("rejected", 3);
    assertFalse(schema.validate(extra).isEmpty());
  }

  @Test
  void cumulativeSpendComesFromTheLedger() throws Exception {
    ReleasedReport made = ReleasedReport.get();
    JsonNode p1 = report(made.first).at("/budget/periods/0");
    assertEquals("2020-03", p1.path("period").asText());
    assertEquals(0, p1.path("spent_before").decimalValue().signum());
    assertEquals(0, p1.path("cumulative").decimalValue().compareTo(new java.math.BigDecimal("1")));
    assertEquals(0, p1.path("remaining").decimalValue().compareTo(new java.math.BigDecimal("3")));
    JsonNode p2 = report(made.second).at("/budget/periods/0");
    assertEquals(0, p2.path("spent_before").decimalValue().compareTo(new java.math.BigDecimal("1")));
    assertEquals(0, p2.path("this_release").decimalValue().compareTo(new java.math.BigDecimal("0.5")));
    assertEquals(0, p2.path("cumulative").decimalValue().compareTo(new java.math.BigDecimal("1.5")));
    assertEquals(0, p2.path("remaining").decimalValue().compareTo(new java.math.BigDecimal("2.5")));
  }

  /**
   * The public report fingerprints the public files (request, policy, regions); the raw inputs'
   * fingerprints are custodian-only (a digest of a raw file tells whether one subscriber is in it),
   * and the public report carries only a keyed seal of them.
   */
  @Test
  void lineageHashesThePublicFilesAndSealsTheInputsForTheCustodianOnly() throws Exception {
    ReleasedReport made = ReleasedReport.get();
    JsonNode l = report(made.first).path("lineage");
    assertEquals(Digests.sha256(made.first.requestFile()), l.at("/request_file/sha256").asText());
    assertEquals(Digests.sha256(made.policy.file()), l.at("/policy_file/sha256").asText());
    String seal = l.at("/inputs/seal").asText();
    assertTrue(seal.matches("[0-9a-f]{64}"), seal);
    Path release = made.first.outputDirectory();
    JsonNode custodian = json.readTree(made.policy.custodianFilesOf(made.first.dataset(), made.first.requestId())
        .resolve("report-custodian.json").toFile());
    assertEquals(seal, custodian.path("inputs_seal").asText());
    Map<String, String> inputs = new HashMap<>();
    custodian.path("inputs").forEach(i -> inputs.put(i.path("name").asText(), i.path("sha256").asText()));
    for (String f : List.of("network_events.csv", "gps_events.csv", "cells.csv")) {
      String digest = Digests.sha256(Fixtures.tiny(f));
      assertEquals(digest, inputs.get(f), f);
      for (String published : List.of("report.json", "report.html", "release.json", "MANIFEST.json")) {
        assertFalse(Files.readString(release.resolve(published)).contains(digest), f + "'s digest in " + published);
      }
    }
  }

  @Test
  void rejectedCountsAreCustodianOnly() throws Exception {
    ReleasedReport made = ReleasedReport.get();
    ReleaseRequest r = made.first;
    JsonNode raw = report(r).path("raw_data_figures");
    assertEquals("custodian_only", raw.path("handling").asText());
    JsonNode custodian = json.readTree(made.policy.custodianFilesOf(r.dataset(), r.requestId())
        .resolve(raw.path("custodian_file").asText()).toFile());
    assertEquals(1, custodian.at("/rejected_records/network_events/by_reason/UNKNOWN_CELL").asLong());
    // 5: the event on cSea (tower outside every region) is out of scope, not rejected (was 6)
    assertEquals(5, custodian.at("/rejected_records/network_events/rejected").asLong());
    String text = Files.readString(r.outputDirectory().resolve("report.json"));
    assertFalse(text.contains("UNKNOWN_CELL\" :"), "no count per reason in the release");
    try (var s = Files.list(r.outputDirectory())) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().contains("custodian")));
    }
  }

  /**
   * Every number in report.json is one the recipient may see: a public parameter (request, policy,
   * ledger), a noise figure computed here from those, a count of cells, a released count or a sum
   * of released counts. Anything else (an exact figure about the raw data) fails the test.
   */
  @Test
  void reportHoldsNoNumberButReleasedValuesAndPublicParameters() throws Exception {
    ReleasedReport made = ReleasedReport.get();
    for (ReleaseRequest r : List.of(made.first, made.second)) {
      JsonNode report = report(r);
      List<Double> allowed = new ArrayList<>();
      double eps = r.privacy().guarantee().budget().toDouble();
      long k = r.privacy().minCount();
      int bound = r.metrics().od().maxTransitionsPerDevice();
      // request and policy parameters; window and region counts of the public domain
      allowed.addAll(List.of(1.0, eps, 0.0, (double) k, (double) bound, Math.exp(eps), 4.0, 4.0 /* windows */,
          3.0 /* regions */));
      // ledger: the budget 4 and what the two releases (1.0 then 0.5) spent and left
      allowed.addAll(List.of(1.0, 0.5, 1.5, 3.0, 2.5));
      // noise figures computed from the public scale L / epsilon
      NoiseFigures f = NoiseFigures.discreteLaplace(bound / eps);
      allowed.addAll(List.of(bound / eps, f.standardDeviation(), (double) f.halfWidth95(), f.coverage95()));
      for (long c : NoiseFigures.countsOfInterest(k)) {
        allowed.add((double) c);
        allowed.add(f.releaseProbability(c, k));
        allowed.add(f.coverageIfReleased(c, k));
      }
      // the public domain's cells per window, and what its empty cells are expected to add (noise figures)
      long cellsPerWindow = 3L * 3;
      int slots = 3;
      allowed.addAll(List.of((double) cellsPerWindow, cellsPerWindow * f.releaseProbability(0, k),
          cellsPerWindow * f.expectedAtLeast(k)));
      // the share of published cells that is empty, for 1%, 10% and 50% of cells holding devices
      for (double share : List.of(0.01, 0.1, 0.5)) {
        double fake = (1 - share) * f.releaseProbability(0, k);
        allowed.addAll(List.of(share, fake / (fake + share * f.releaseProbability(1, k))));
      }
      // released values: every count, the sums and numbers of released cells per window, in total
      long domain = 3L * 3 * 3;
      Map<String, long[]> perWindow = new HashMap<>();
      long total = 0;
      long cells = 0;
      try (Reader in = Files.newBufferedReader(r.outputDirectory().resolve("od_counts.csv"))) {
        for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
          long c = Long.parseLong(row.get("count"));
          allowed.add((double) c);
          long[] w = perWindow.computeIfAbsent(row.get("window_start"), x -> new long[2]);
          w[0] += c;
          w[1]++;
          total += c;
          cells++;
        }
      }
      for (long[] w : perWindow.values()) {
        allowed.add((double) w[0]);
        allowed.add((double) w[1]);
      }
      allowed.addAll(List.of((double) total, (double) cells, (double) domain, (double) (domain - cells),
          (double) total / slots, (double) cells / slots));

      List<String> found = new ArrayList<>();
      numbers(report, "", found, allowed);
      assertEquals(List.of(), found, r.requestId() + ": numbers that are neither public nor released");
    }
  }

  /**
   * Every published row, in CSV and Parquet, carries [max(0, count - h), count + h] with h the
   * noise's 95% half-width, and release.json and report.json name the columns and h.
   */
  @Test
  void everyPublishedRowCarriesItsInterval() throws Exception {
    ReleasedReport made = ReleasedReport.get();
    for (ReleaseRequest r : List.of(made.first, made.second)) {
      double eps = r.privacy().guarantee().budget().toDouble();
      long h = NoiseFigures.discreteLaplace(r.metrics().od().maxTransitionsPerDevice() / eps).halfWidth95();
      Path out = r.outputDirectory();
      JsonNode meta = json.readTree(out.resolve("release.json").toFile()).at("/metrics/0");
      assertEquals(List.of("window_start", "window_end", "origin_region", "destination_region", "count", "ci95_low",
          "ci95_high"), json.convertValue(meta.path("columns"), List.class));
      assertEquals(h, meta.at("/interval_95/half_width").asLong());
      assertEquals(h, report(r).at("/metrics/0/interval/half_width").asLong());
      int rows = 0;
      try (Reader in = Files.newBufferedReader(out.resolve("od_counts.csv"))) {
        for (CSVRecord row : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
          long c = Long.parseLong(row.get("count"));
          assertEquals(Math.max(0, c - h), Long.parseLong(row.get("ci95_low")), row.toString());
          assertEquals(c + h, Long.parseLong(row.get("ci95_high")), row.toString());
          rows++;
        }
      }
      int parquetRows = 0;
      try (ParquetReader<GenericRecord> p = LocalParquet.reader(out.resolve("od_counts.parquet"))) {
        for (GenericRecord g = p.read(); g != null; g = p.read()) {
          long c = (Long) g.get("count");
          assertEquals(Math.max(0, c - h), (Long) g.get("ci95_low"), g.toString());
          assertEquals(c + h, (Long) g.get("ci95_high"), g.toString());
          parquetRows++;
        }
      }
      assertEquals(rows, parquetRows, r.requestId());
    }
  }

  private static void numbers(JsonNode n, String path, List<String> bad, List<Double> allowed) {
    if (n.isNumber()) {
      double v = n.asDouble();
      if (allowed.stream().noneMatch(a -> Math.abs(a - v) <= 1e-12 * Math.max(1, Math.abs(a)))) {
        bad.add(path + " = " + n.asText());
      }
    } else if (n.isObject()) {
      n.fields().forEachRemaining(e -> numbers(e.getValue(), path + "/" + e.getKey(), bad, allowed));
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        numbers(n.get(i), path + "/" + i, bad, allowed);
      }
    }
  }

  @Test
  void htmlEscapesEveryRequestString() throws Exception {
    ReleasedReport made = ReleasedReport.get();
    String html = Files.readString(made.second.outputDirectory().resolve("report.html"));
    assertFalse(html.contains("<script>alert"), "a request string is never markup");
    assertTrue(html.contains("Mobility &lt;b&gt;&amp;&lt;/b&gt; &quot;health&quot; &lt;script&gt;alert(1)"), html);
    // self-contained: nothing is fetched
    for (String external : List.of("http://", "https://", "src=", "<link", "@import", "url(http")) {
      assertFalse(html.replace("http://www.w3.org/2000/svg", "").contains(external), external);
    }
  }
}
