package io.privflow.request;

import io.privflow.model.Identifiers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.privflow.config.YamlFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a YAML consent-export request and validates all of it, collecting every problem with its
 * field path before failing. Relative paths are resolved against the request file's directory.
 *
 * <p>Messages never quote a value: {@code subjects} holds raw identifiers, and a typo elsewhere
 * could too. A missing consent registry is not a parse problem: the run refuses it, and audits the
 * refusal with the request's header.
 */
public final class ConsentRequestParser {
  /** The environment variable naming the key file when the request does not. */
  public static final String KEY_FILE_ENV = YamlFields.KEY_FILE_ENV;

  /** The value of {@code subjects} that asks for every subject with valid consent. */
  public static final String ALL_CONSENTING = "all_consenting";

  private static final int MAX_TEXT = 1000;

  private static final Map<String, Set<String>> FIELDS = Map.ofEntries(
      Map.entry("", Set.of("requester", "purpose", "legal_basis", "time", "subjects", "inputs", "regions", "output",
          "pseudonymization")),
      Map.entry("requester", Set.of("organisation", "contact")),
      Map.entry("time", Set.of("start", "end", "zone")),
      Map.entry("inputs", Set.of("network_events", "gps_events", "cells", "consent_registry")),
      Map.entry("regions", Set.of("file", "id_property", "name_property")),
      Map.entry("output", Set.of("detail", "window", "directory", "custodian_directory")),
      Map.entry("pseudonymization", Set.of("key_file")));

  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();
  private YamlFields f;
  private Path base;

  private ConsentRequestParser(Map<String, String> env) {
    this.env = env;
  }

  public static ConsentRequest parse(Path requestFile) {
    return parse(requestFile, System.getenv());
  }

  public static ConsentRequest parse(Path requestFile, Map<String, String> env) {
    return new ConsentRequestParser(env).run(requestFile);
  }

  private ConsentRequest run(Path requestFile) {
    Path file = requestFile.toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw new ConsentRequestException(ConsentRequest.Header.UNREADABLE,
          List.of("request file " + requestFile + " does not exist"));
    }
    base = file.getParent();
    f = new YamlFields(base, env, problems, FIELDS);
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      // Jackson's message quotes the offending text, which may be an identifier: name the line only.
      String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
          ? " (line " + j.getLocation().getLineNr() + ")" : "";
      throw new ConsentRequestException(ConsentRequest.Header.UNREADABLE,
          List.of("request file " + requestFile + " is not valid YAML" + where));
    }
    if (root == null || !root.isObject()) {
      throw new ConsentRequestException(ConsentRequest.Header.UNREADABLE,
          List.of("request file " + requestFile + " is not a YAML mapping"));
    }
    f.checkUnknown(root, "");
    JsonNode who = root.path("requester");
    String organisation = requiredText(who, "requester.organisation", "organisation");
    String contact = YamlFields.text(who, "contact", "");
    String purpose = requiredText(root, "purpose", "purpose");
    String legalBasis = requiredText(root, "legal_basis", "legal_basis");

    JsonNode time = f.object(root, "time");
    LocalDate[] range = f.dateRange(time);
    LocalDate start = range[0];
    LocalDate end = range[1];
    ZoneId zone = f.zone(time);

    List<String> subjects = new ArrayList<>();
    boolean all = subjects(root.get("subjects"), subjects);
    String requester = organisation == null ? "" : organisation + (contact.isEmpty() ? "" : " <" + contact + ">");
    ConsentRequest.Header header = new ConsentRequest.Header(requester, purpose == null ? "" : purpose,
        legalBasis == null ? "" : legalBasis, all ? "all" : Integer.toString(subjects.size()));

    JsonNode inputs = f.object(root, "inputs");
    List<String> network = f.patterns(inputs, "network_events", true);
    List<String> gps = f.patterns(inputs, "gps_events", true);
    List<String> cells = f.patterns(inputs, "cells", true);
    List<String> registry = f.patterns(inputs, "consent_registry", false);
    if (inputs.isObject() && network.isEmpty() && gps.isEmpty()) {
      problems.add("inputs: name network_events, gps_events or both");
    }
    if (!network.isEmpty() && cells.isEmpty()) {
      problems.add("inputs.cells: required with network_events (the cell reference)");
    }

    JsonNode output = f.object(root, "output");
    ConsentRequest.Detail detail = detail(output);
    TemporalAmount window = null;
    String windowText = YamlFields.text(output, "window", null);
    if (detail == ConsentRequest.Detail.REGION_PER_WINDOW) {
      if (windowText == null) {
        problems.add("output.window: required with region_per_window (an ISO-8601 duration such as PT1H or P1D)");
      } else if ((window = YamlFields.duration(windowText)) == null) {
        problems.add("output.window: not an ISO-8601 duration of at least a minute such as PT1H or P1D");
      }
    } else if (detail == ConsentRequest.Detail.RAW_POINTS && windowText != null) {
      problems.add("output.window: only with detail region_per_window");
    }
    Path outputDir = f.path(output, "output.directory", "directory", true);
    Path custodian = f.path(output, "output.custodian_directory", "custodian_directory", false);
    if (custodian == null && outputDir != null) {
      custodian = outputDir.resolveSibling(outputDir.getFileName() + ".custodian");
    }

    JsonNode regions = root.path("regions");
    Path regionsFile = null;
    if (detail == ConsentRequest.Detail.REGION_PER_WINDOW) {
      regionsFile = f.path(f.object(root, "regions"), "regions.file", "file", true);
      if (regionsFile != null && !Files.isRegularFile(regionsFile)) {
        problems.add("regions.file: " + regionsFile + " does not exist");
      }
    }
    Path keyFile = f.keyFile(root.path("pseudonymization"), "the key must be the one the events are pseudonymised with");
    if (!problems.isEmpty()) {
      throw new ConsentRequestException(header, problems);
    }
    return new ConsentRequest(header, start, end, zone, all, subjects, detail, window, windowText, network, gps,
        cells, registry, regionsFile, YamlFields.text(regions, "id_property", "id"), YamlFields.text(regions, "name_property", "name"),
        keyFile, outputDir, custodian, file);
  }

  /** Fills {@code out} with the listed raw identifiers; true for {@code all_consenting}. */
  private boolean subjects(JsonNode n, List<String> out) {
    if (n == null || n.isNull()) {
      problems.add("subjects: required (" + ALL_CONSENTING + ", or a list of subject identifiers)");
      return false;
    }
    if (n.isTextual() && n.asText().strip().equals(ALL_CONSENTING)) {
      return true;
    }
    if (!n.isArray() || n.isEmpty()) {
      problems.add("subjects: must be " + ALL_CONSENTING + " or a non-empty list of subject identifiers");
      return false;
    }
    for (int i = 0; i < n.size(); i++) {
      JsonNode s = n.get(i);
      if (!s.isValueNode() || Identifiers.normalise(s.asText()) == null) {
        problems.add("subjects[" + i + "]: must be a non-empty identifier");
      } else {
        out.add(s.asText().strip());
      }
    }
    return false;
  }

  private ConsentRequest.Detail detail(JsonNode output) {
    String d = YamlFields.text(output, "detail", null);
    if (d == null) {
      if (output.isObject()) {
        problems.add("output.detail: required (region_per_window or raw_points)");
      }
      return null;
    }
    for (ConsentRequest.Detail v : ConsentRequest.Detail.values()) {
      if (v.label().equals(d)) {
        return v;
      }
    }
    problems.add("output.detail: must be region_per_window or raw_points");
    return null;
  }

  private String requiredText(JsonNode parent, String field, String name) {
    String t = YamlFields.text(parent, name, null);
    if (t == null) {
      problems.add(field + ": required");
    } else if (t.length() > MAX_TEXT) {
      problems.add(field + ": longer than " + MAX_TEXT + " characters");
      return null;
    }
    return t;
  }

}
