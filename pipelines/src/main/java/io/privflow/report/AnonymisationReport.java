package io.privflow.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.privflow.model.NoisyCount;
import io.privflow.plan.MetricPlan;
import io.privflow.plan.ReleasePlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the anonymisation report of a release into its staging directory (before the manifest,
 * so the manifest lists it): {@code report.json} and {@code report.html}; and the exact figures
 * about the raw data into {@code report-custodian.json} in the custodian-only directory.
 */
public final class AnonymisationReport {
  public static final String JSON = "report.json";
  public static final String HTML = "report.html";

  private AnonymisationReport() {}

  /** Returns the file names written into {@code staging}. */
  public static List<String> write(Path staging, ReleasePlan plan, Map<MetricPlan, List<NoisyCount>> cells,
      Instant createdAt, ReportInputs in) throws IOException {
    List<ReleasedCells> released = new ArrayList<>();
    for (MetricPlan m : plan.metrics()) {
      released.add(new ReleasedCells(m, cells.getOrDefault(m, List.of())));
    }
    ReportModel model = new ReportModel();
    JsonNode report = model.build(plan, released, createdAt, in);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    json.writeValue(staging.resolve(JSON).toFile(), report);
    Files.writeString(staging.resolve(HTML), ReportHtml.render(report), StandardCharsets.UTF_8);
    Path custodian = plan.custodianDirectory();
    Files.createDirectories(custodian);
    json.writeValue(custodian.resolve(ReportModel.CUSTODIAN_FILE).toFile(), model.custodian(plan, in));
    return List.of(JSON, HTML);
  }
}
