package io.privflow.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
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
 * Field readers shared by the YAML request parsers. Each reader adds a problem naming the field's
 * path (never its value: a request may hold identifiers) to the caller's list instead of throwing,
 * so a request's problems are all reported at once. Relative paths resolve against {@code base}.
 */
public final class YamlFields {
  /** The environment variable naming the key file when the request does not. */
  public static final String KEY_FILE_ENV = "PRIVFLOW_KEY_FILE";

  private final Path base;
  private final Map<String, String> env;
  private final List<String> problems;
  private final Map<String, Set<String>> fields;

  /** @param fields allowed field names per mapping path ("" for the top level) */
  public YamlFields(Path base, Map<String, String> env, List<String> problems, Map<String, Set<String>> fields) {
    this.base = base;
    this.env = env;
    this.problems = problems;
    this.fields = fields;
  }

  /** Reports every field that is not allowed, at any depth that has a list of allowed fields. */
  public void checkUnknown(JsonNode node, String path) {
    Set<String> allowed = fields.get(path);
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

  /** A required mapping, or a missing node (reported) so that reading goes on. */
  public JsonNode object(JsonNode parent, String name) {
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

  /** {@code inputs.<name>}: one path or glob, or a list of them, resolved; missing files reported. */
  public List<String> patterns(JsonNode parent, String name, boolean mustExist) {
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

  public static boolean isGlob(String pattern) {
    return io.privflow.files.InputFiles.isGlob(pattern);
  }

  /** A window length: a positive Period in days/weeks, or a Duration of at least a minute; else null. */
  public static TemporalAmount duration(String text) {
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

  /** {@code pseudonymization.key_file}, else {@code PRIVFLOW_KEY_FILE}; it must exist and be readable. */
  public Path keyFile(JsonNode pseudonymization, String hint) {
    Path p = pseudonymization.isObject() ? path(pseudonymization, "pseudonymization.key_file", "key_file", false) : null;
    String from = "pseudonymization.key_file";
    if (p == null) {
      String e = env.get(KEY_FILE_ENV);
      if (e == null || e.isBlank()) {
        problems.add(from + ": required (or set " + KEY_FILE_ENV + "); " + hint);
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

  /** {@code <prefix>.<name>}: a required ISO date. */
  public LocalDate date(JsonNode parent, String prefix, String name) {
    String t = text(parent, name, null);
    if (t == null) {
      problems.add(prefix + "." + name + ": required (an ISO date such as 2020-03-01)");
      return null;
    }
    try {
      return LocalDate.parse(t);
    } catch (DateTimeException e) {
      problems.add(prefix + "." + name + ": not an ISO date such as 2020-03-01");
      return null;
    }
  }

  /** {@code time.start} and {@code time.end}: local dates, end exclusive and after start. */
  public LocalDate[] dateRange(JsonNode time) {
    LocalDate start = date(time, "time", "start");
    LocalDate end = date(time, "time", "end");
    if (start != null && end != null && !end.isAfter(start)) {
      problems.add("time.end: must be after time.start (end is exclusive)");
    }
    return new LocalDate[] {start, end};
  }

  /** {@code time.zone}: a zone id, UTC when absent (a zone name is public, so it is quoted). */
  public ZoneId zone(JsonNode time) {
    String zoneText = text(time, "zone", "UTC");
    try {
      return ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      problems.add("time.zone: '" + zoneText + "' is not a time zone id such as UTC or Europe/Copenhagen");
      return ZoneId.of("UTC");
    }
  }

  /** A path resolved against the request's directory; {@code field} names it in problems. */
  public Path path(JsonNode parent, String field, String name, boolean required) {
    String t = text(parent, name, null);
    if (t == null) {
      if (required) {
        problems.add(field + ": required");
      }
      return null;
    }
    return base.resolve(t).toAbsolutePath().normalize();
  }

  /** A scalar's text, stripped; {@code fallback} when absent, blank or not a scalar. */
  public static String text(JsonNode parent, String name, String fallback) {
    JsonNode n = parent.get(name);
    if (n == null || n.isNull() || !n.isValueNode() || n.asText().isBlank()) {
      return fallback;
    }
    return n.asText().strip();
  }
}
