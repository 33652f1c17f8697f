package io.privflow.request;

import com.fasterxml.jackson.databind.JsonNode;
import io.privflow.config.Check;
import io.privflow.config.ConfigReader;
import io.privflow.config.Problems;
import io.privflow.config.Sections;
import io.privflow.model.Identifiers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a YAML consent-export request into a validated {@link ConsentRequest} (bound by Jackson
 * into {@link Sections.ConsentRequestFile}, then checked), collecting every problem with its field
 * path before failing. Relative paths are resolved against the request file's directory.
 *
 * <p>Messages never quote a value: {@code subjects} holds raw identifiers, and a typo elsewhere
 * could too. A missing consent registry is not a parse problem: the run refuses it, and audits the
 * refusal with the request's header.
 */
public final class ConsentRequestParser {
  /** The value of {@code subjects} that asks for every subject with valid consent. */
  public static final String ALL_CONSENTING = "all_consenting";

  private static final int MAX_TEXT = 1000;

  private ConsentRequestParser() {}

  public static ConsentRequest parse(Path requestFile) {
    Path file = requestFile.toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw new ConsentRequestException(ConsentRequest.Header.UNREADABLE,
          List.of("request file " + requestFile + " does not exist"));
    }
    Problems problems = new Problems();
    Sections.ConsentRequestFile doc = ConfigReader.read(file, Sections.ConsentRequestFile.class,
        "consent-export request file", problems);
    if (doc == null) {
      throw new ConsentRequestException(ConsentRequest.Header.UNREADABLE, problems.list());
    }
    Check c = new Check(problems, file.getParent());
    Sections.Requester who = doc.requester() == null ? new Sections.Requester(null, null) : doc.requester();
    String organisation = c.requiredText("requester.organisation", who.organisation(), MAX_TEXT);
    String contact = Check.text(who.contact(), "");
    String purpose = c.requiredText("purpose", doc.purpose(), MAX_TEXT);
    String legalBasis = c.requiredText("legal_basis", doc.legalBasis(), MAX_TEXT);
    Requester requester = new Requester(organisation == null ? "" : organisation, contact,
        purpose == null ? "" : purpose, legalBasis == null ? "" : legalBasis, null);

    List<String> subjects = new ArrayList<>();
    boolean all = subjects(c, doc.subjects(), subjects);
    ConsentRequest.Header header = new ConsentRequest.Header(organisation == null ? "" : requester.who(),
        requester.purpose(), requester.legalBasis(), all ? "all" : Integer.toString(subjects.size()));

    Sections.Output output = doc.output();
    ConsentRequest.Detail detail = detail(c, output);
    TimeRange time = time(c, doc.time(), detail, output);
    Inputs inputs = CommonSections.inputs(c, doc.inputs());
    List<String> registry = doc.inputs() == null ? List.of()
        : c.patterns("inputs.consent_registry", doc.inputs().consentRegistry(), false);
    Regions regions = null;
    if (detail == ConsentRequest.Detail.REGION_PER_WINDOW) {
      regions = CommonSections.regions(c, doc.regions());
    }
    if (doc.regions() != null && doc.regions().grid() != null) {
      c.problem("regions.grid", "not supported by a consent export; name a region file in regions.file");
    }
    if (doc.regions() != null && doc.regions().mapping() != null) {
      c.problem("regions.mapping", "unknown field: a consent export places events at their tower's point");
    }
    if (doc.regions() != null && doc.regions().set() != null) {
      c.problem("regions.set", "unknown field: a consent export has no region-set rule");
    }
    if (doc.regions() != null && (doc.regions().parentProperty() != null || doc.regions().parents() != null
        || doc.regions().levels() != null)) {
      c.problem("regions", "parent_property, parents and levels belong to a release's region hierarchy, not a"
          + " consent export");
    }
    if (output != null && output.rawNoisyTables() != null) {
      c.problem("output.raw_noisy_tables", "unknown field: a consent export publishes no noisy tables");
    }
    CommonSections.custodianOnly(c, doc.pseudonymization(), output);
    Path out = CommonSections.output(c, output);
    if (!problems.isEmpty()) {
      throw new ConsentRequestException(header, problems.list());
    }
    return new ConsentRequest(header, time, all, subjects, detail, inputs, registry, regions, out, file);
  }

  private static TimeRange time(Check c, Sections.Time t, ConsentRequest.Detail detail, Sections.Output output) {
    String windowText = output == null ? null : Check.text(output.window(), null);
    TemporalAmount window = null;
    if (detail == ConsentRequest.Detail.REGION_PER_WINDOW) {
      if (windowText == null) {
        c.problem("output.window", "required with region_per_window (an ISO-8601 duration such as PT1H or P1D)");
      } else {
        window = c.window("output.window", windowText, true);
      }
    } else if (detail == ConsentRequest.Detail.RAW_POINTS && windowText != null) {
      c.problem("output.window", "only with detail region_per_window");
    }
    if (c.section("time", t) == null) {
      return new TimeRange(null, null, ZoneId.of("UTC"), window, windowText);
    }
    if (t.window() != null) {
      c.problem("time.window", "unknown field: the window of a consent export is output.window");
    }
    c.dateRange("time", t.start(), t.end());
    return new TimeRange(t.start(), t.end(), c.zone("time.zone", t.zone()), window, windowText);
  }

  /** Fills {@code out} with the listed raw identifiers; true for {@code all_consenting}. */
  private static boolean subjects(Check c, JsonNode n, List<String> out) {
    if (n == null || n.isNull()) {
      c.problem("subjects", "required (" + ALL_CONSENTING + ", or a list of subject identifiers)");
      return false;
    }
    if (n.isTextual() && n.asText().strip().equals(ALL_CONSENTING)) {
      return true;
    }
    if (!n.isArray() || n.isEmpty()) {
      c.problem("subjects", "must be " + ALL_CONSENTING + " or a non-empty list of subject identifiers");
      return false;
    }
    for (int i = 0; i < n.size(); i++) {
      JsonNode s = n.get(i);
      if (!s.isValueNode() || Identifiers.normalise(s.asText()) == null) {
        c.problem("subjects[" + i + "]", "must be a non-empty identifier");
      } else {
        out.add(s.asText().strip());
      }
    }
    return false;
  }

  private static ConsentRequest.Detail detail(Check c, Sections.Output output) {
    if (output == null) {
      return null;
    }
    String d = Check.text(output.detail(), null);
    if (d == null) {
      c.missing("output.detail", "required (region_per_window or raw_points)");
      return null;
    }
    for (ConsentRequest.Detail v : ConsentRequest.Detail.values()) {
      if (v.label().equals(d)) {
        return v;
      }
    }
    c.problem("output.detail", "must be region_per_window or raw_points");
    return null;
  }
}
