package io.privflow.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.privflow.pseudonymize.Pseudonymizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Iterator;
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
  public static final String KEY_FILE_ENV = "PRIVFLOW_KEY_FILE";

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
    checkUnknown(root, "");
    JsonNode who = root.path("requester");
    String organisation = requiredText(who, "requester.organisation", "organisation");
    String contact = text(who, "contact", "");
    String purpose = requiredText(root, "purpose", "purpose");
    String legalBasis = requiredText(root, "legal_basis", "legal_basis");

    JsonNode time = object(root, "time");
    LocalDate start = date(time, "start");
    LocalDate end = date(time, "end");
    if (start != null && end != null && !end.isAfter(start)) {
      problems.add("time.end: must be after time.start (end is exclusive)");
    }
    ZoneId zone = ZoneId.of("UTC");
    String zoneText = text(time, "zone", "UTC");
    try {
      zone = ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      problems.add("time.zone: not a time zone id such as UTC or Europe/Copenhagen");
    }

    List<String> subjects = new ArrayList<>();
    boolean all = subjects(root.get("subjects"), subjects);
    String requester = organisation == null ? "" : organisation + (contact.isEmpty() ? "" : " <" + contact + ">");
    ConsentRequest.Header header = new ConsentRequest.Header(requester, purpose == null ? "" : purpose,
        legalBasis == null ? "" : legalBasis, all ? "all" : Integer.toString(subjects.size()));

    JsonNode inputs = object(root, "inputs");
    List<String> network = patterns(inputs, "network_events", true);
    List<String> gps = patterns(inputs, "gps_events", true);
    List<String> cells = patterns(inputs, "cells", true);
    List<String> registry = patterns(inputs, "consent_registry", false);
    if (inputs.isObject() && network.isEmpty() && gps.isEmpty()) {
      problems.add("inputs: name network_events, gps_events or both");
    }
    if (!network.isEmpty() && cells.isEmpty()) {
      problems.add("inputs.cells: required with network_events (the cell reference)");
    }

    JsonNode output = object(root, "output");
    ConsentRequest.Detail detail = detail(output);
    TemporalAmount window = null;
    String windowText = text(output, "window", null);
    if (detail == ConsentRequest.Detail.REGION_PER_WINDOW) {
      if (windowText == null) {
        problems.add("output.window: required with region_per_window (an ISO-8601 duration such as PT1H or P1D)");
      } else if ((window = duration(windowText)) == null) {
        problems.add("output.window: not an ISO-8601 duration of at least a minute such as PT1H or P1D");
      }
    } else if (detail == ConsentRequest.Detail.RAW_POINTS && windowText != null) {
      problems.add("output.window: only with detail region_per_window");
    }
    Path outputDir = path(output, "output.directory", "directory", true);
    Path custodian = path(output, "output.custodian_directory", "custodian_directory", false);
    if (custodian == null && outputDir != null) {
      custodian = outputDir.resolveSibling(outputDir.getFileName() + ".custodian");
    }

    JsonNode regions = root.path("regions");
    Path regionsFile = null;
    if (detail == ConsentRequest.Detail.REGION_PER_WINDOW) {
      regionsFile = path(object(root, "regions"), "regions.file", "file", true);
      if (regionsFile != null && !Files.isRegularFile(regionsFile)) {
        problems.add("regions.file: " + regionsFile + " does not exist");
      }
    }
    Path keyFile = keyFile(root.path("pseudonymization"));
    if (!problems.isEmpty()) {
      throw new ConsentRequestException(header, problems);
    }
    return new ConsentRequest(header, start, end, zone, all, subjects, detail, window, windowText, network, gps,
        cells, registry, regionsFile, text(regions, "id_property", "id"), text(regions, "name_property", "name"),
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
      if (!s.isValueNode() || Pseudonymizer.normalise(s.asText()) == null) {
        problems.add("subjects[" + i + "]: must be a non-empty identifier");
      } else {
        out.add(s.asText().strip());
      }
    }
    return false;
  }

  private ConsentRequest.Detail detail(JsonNode output) {
    String d = text(output, "detail", null);
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

  private void checkUnknown(JsonNode node, String path) {
    Set<String> allowed = FIELDS.get(path);
    if (allowed == null || !node.isObject()) {
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      String child = path.isEmpty() ? name : path + "." + name;
      if (!allowed.contains(name)) {
        problems.add(child + ": unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
      } else {
        checkUnknown(node.get(name), child);
      }
    }
  }

  private JsonNode object(JsonNode parent, String name) {
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      problems.add(name + ": required");
      return MissingNode.getInstance();
    }
    if (!n.isObject()) {
      problems.add(name + ": must be a mapping");
      return MissingNode.getInstance();
    }
    return n;
  }

  private List<String> patterns(JsonNode parent, String name, boolean mustExist) {
    JsonNode n = parent.get(name);
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    List<JsonNode> items = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(items::add);
    } else {
      items.add(n);
    }
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String where = "inputs." + name + (n.isArray() ? "[" + i + "]" : "");
      if (!item.isTextual() || item.asText().isBlank()) {
        problems.add(where + ": must be a file path or glob");
        continue;
      }
      String resolved = base.resolve(item.asText().strip()).normalize().toString();
      if (mustExist && !isGlob(resolved) && !Files.isRegularFile(Path.of(resolved))) {
        problems.add(where + ": file " + resolved + " does not exist");
      }
      out.add(resolved);
    }
    return out;
  }

  static boolean isGlob(String pattern) {
    return pattern.contains("*") || pattern.contains("?");
  }

  private static TemporalAmount duration(String text) {
    try {
      Period p = Period.parse(text);
      return p.isNegative() || p.isZero() || p.getYears() != 0 || p.getMonths() != 0 ? null : p;
    } catch (DateTimeException e) {
      try {
        Duration d = Duration.parse(text);
        return d.isNegative() || d.isZero() || d.toMinutes() < 1 ? null : d;
      } catch (DateTimeException e2) {
        return null;
      }
    }
  }

  private Path keyFile(JsonNode n) {
    Path p = n.isObject() ? path(n, "pseudonymization.key_file", "key_file", false) : null;
    String from = "pseudonymization.key_file";
    if (p == null) {
      String e = env.get(KEY_FILE_ENV);
      if (e == null || e.isBlank()) {
        problems.add(from + ": required (or set " + KEY_FILE_ENV + "); the key must be the one the events are"
            + " pseudonymised with");
        return null;
      }
      p = Path.of(e).toAbsolutePath().normalize();
      from = KEY_FILE_ENV;
    }
    if (!Files.isRegularFile(p)) {
      problems.add(from + ": key file " + p + " does not exist");
    } else if (!Files.isReadable(p)) {
      problems.add(from + ": key file " + p + " is not readable");
    }
    return p;
  }

  private LocalDate date(JsonNode parent, String name) {
    String t = text(parent, name, null);
    if (t == null) {
      problems.add("time." + name + ": required (an ISO date such as 2020-03-01)");
      return null;
    }
    try {
      return LocalDate.parse(t);
    } catch (DateTimeException e) {
      problems.add("time." + name + ": not an ISO date such as 2020-03-01");
      return null;
    }
  }

  private Path path(JsonNode parent, String field, String name, boolean required) {
    String t = text(parent, name, null);
    if (t == null) {
      if (required) {
        problems.add(field + ": required");
      }
      return null;
    }
    return base.resolve(t).toAbsolutePath().normalize();
  }

  private String requiredText(JsonNode parent, String field, String name) {
    String t = text(parent, name, null);
    if (t == null) {
      problems.add(field + ": required");
    } else if (t.length() > MAX_TEXT) {
      problems.add(field + ": longer than " + MAX_TEXT + " characters");
      return null;
    }
    return t;
  }

  private static String text(JsonNode parent, String name, String fallback) {
    JsonNode n = parent.get(name);
    if (n == null || n.isNull() || !n.isValueNode() || n.asText().isBlank()) {
      return fallback;
    }
    return n.asText().strip();
  }
}
