package io.privflow.request;

import io.privflow.config.YamlFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.privflow.privacy.DiscreteGaussianMechanism;
import io.privflow.privacy.DiscreteLaplaceMechanism;
import io.privflow.privacy.Guarantee;
import io.privflow.privacy.Rational;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a YAML release request and validates all of it, collecting every problem (each with its
 * field path) before failing, so an analyst fixes a request in one go. Relative paths are resolved
 * against the request file's directory.
 */
public final class RequestParser {
  /** The environment variable naming the key file when the request does not. */
  public static final String KEY_FILE_ENV = YamlFields.KEY_FILE_ENV;

  static final int MAX_BOUND = 100_000;
  static final Rational MAX_EPSILON = Rational.of(100, 1);
  static final Rational MAX_RHO = Rational.of(100, 1);
  static final Rational DEFAULT_DELTA = Rational.parse("0.000001");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private static final Map<String, Set<String>> FIELDS = Map.ofEntries(
      Map.entry("", Set.of("request_id", "dataset", "requester", "purpose", "legal_basis", "retention_until", "inputs",
          "regions", "time", "privacy", "metrics", "pseudonymization", "output")),
      Map.entry("requester", Set.of("organisation", "contact")),
      Map.entry("metrics", Set.of("od", "presence")),
      Map.entry("metrics.od", Set.of("budget_share", "max_transitions_per_device")),
      Map.entry("metrics.presence", Set.of("budget_share", "max_windows_per_device")),
      Map.entry("inputs", Set.of("network_events", "gps_events", "cells")),
      Map.entry("regions", Set.of("file", "id_property", "name_property", "set")),
      Map.entry("time", Set.of("start", "end", "zone", "window")),
      Map.entry("privacy", Set.of("mechanism", "epsilon", "rho", "delta", "min_count")),
      Map.entry("pseudonymization", Set.of("key_file")),
      Map.entry("output", Set.of("directory", "custodian_directory")));

  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();
  private YamlFields f;
  private Path base;

  private final boolean forRun;

  private RequestParser(Map<String, String> env, boolean forRun) {
    this.env = env;
    this.forRun = forRun;
  }

  public static ReleaseRequest parse(Path requestFile) {
    return parse(requestFile, System.getenv());
  }

  public static ReleaseRequest parse(Path requestFile, Map<String, String> env) {
    return new RequestParser(env, true).run(requestFile);
  }

  /**
   * For {@code privflow plan}, which reads no data: everything is checked except the key file, so
   * a requester can plan without the custodian's key. The request's key file is null when absent.
   */
  public static ReleaseRequest parseForPlan(Path requestFile, Map<String, String> env) {
    return new RequestParser(env, false).run(requestFile);
  }

  private ReleaseRequest run(Path requestFile) {
    Path file = requestFile.toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw new RequestException(List.of("request file " + requestFile + " does not exist"));
    }
    base = file.getParent();
    f = new YamlFields(base, env, problems, FIELDS);
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new RequestException(List.of("request file " + requestFile + " is not valid YAML: "
          + e.getMessage().lines().findFirst().orElse("")));
    }
    if (root == null || !root.isObject()) {
      throw new RequestException(List.of("request file " + requestFile + " is not a YAML mapping"));
    }
    f.checkUnknown(root, "");
    String requestId = identifier(root, "request_id");
    String dataset = identifier(root, "dataset");
    JsonNode who = root.path("requester");
    ReleaseRequest.Requester requester = new ReleaseRequest.Requester(YamlFields.text(who, "organisation", ""),
        YamlFields.text(who, "contact", ""), YamlFields.text(root, "purpose", ""), YamlFields.text(root, "legal_basis", ""), retention(root));
    ReleaseRequest.Inputs inputs = inputs(f.object(root, "inputs"));
    ReleaseRequest.Regions regions = regions(f.object(root, "regions"));
    ReleaseRequest.Time time = time(f.object(root, "time"));
    ReleaseRequest.Privacy privacy = privacy(f.object(root, "privacy"));
    ReleaseRequest.Metrics metrics = metrics(f.object(root, "metrics"));
    Path keyFile = forRun
        ? f.keyFile(root.path("pseudonymization"), "create a key with: privflow keygen --out FILE")
        : f.path(root.path("pseudonymization"), "pseudonymization.key_file", "key_file", false);
    JsonNode output = f.object(root, "output");
    Path outputDir = f.path(output, "output.directory", "directory", true);
    Path custodian = f.path(output, "output.custodian_directory", "custodian_directory", false);
    if (custodian == null && outputDir != null) {
      custodian = outputDir.resolveSibling(outputDir.getFileName() + ".custodian");
    }
    if (!problems.isEmpty()) {
      throw new RequestException(problems);
    }
    return new ReleaseRequest(
        requestId, dataset, requester, inputs, regions, time, privacy, metrics, keyFile, outputDir, custodian, file);
  }

  private String identifier(JsonNode parent, String name) {
    JsonNode n = parent.get(name);
    if (n == null || !n.isValueNode() || n.asText().isBlank()) {
      problems.add(name + ": required");
      return null;
    }
    if (!ID.matcher(n.asText()).matches()) {
      problems.add(name + ": use letters, digits, '.', '_' and '-' only (at most 128)");
      return null;
    }
    return n.asText();
  }

  private ReleaseRequest.Inputs inputs(JsonNode n) {
    List<String> network = f.patterns(n, "network_events", true);
    List<String> gps = f.patterns(n, "gps_events", true);
    List<String> cells = f.patterns(n, "cells", true);
    if (n.isObject() && network.isEmpty() && gps.isEmpty()) {
      problems.add("inputs: name network_events, gps_events or both");
    }
    if (!network.isEmpty() && cells.isEmpty()) {
      problems.add("inputs.cells: required with network_events (the cell reference)");
    }
    return new ReleaseRequest.Inputs(network, gps, cells);
  }

  private ReleaseRequest.Regions regions(JsonNode n) {
    Path file = f.path(n, "regions.file", "file", true);
    if (file != null && !Files.isRegularFile(file)) {
      problems.add("regions.file: " + file + " does not exist");
    }
    String set = YamlFields.text(n, "set", file == null ? null : file.getFileName().toString());
    if (n.has("set") && !n.get("set").isNull() && (!n.get("set").isValueNode() || n.get("set").asText().isBlank())) {
      problems.add("regions.set: must be a name (the region set's name in the custodian policy)");
    }
    return new ReleaseRequest.Regions(
        file, YamlFields.text(n, "id_property", "id"), YamlFields.text(n, "name_property", "name"), set);
  }

  /** {@code retention_until}: an ISO date; whether it is in the future is the policy's call (it knows the date). */
  private LocalDate retention(JsonNode root) {
    String t = YamlFields.text(root, "retention_until", null);
    if (t == null) {
      problems.add("retention_until: required (the ISO date after which the recipient must delete the data)");
      return null;
    }
    try {
      return LocalDate.parse(t);
    } catch (DateTimeException e) {
      problems.add("retention_until: '" + t + "' is not an ISO date such as 2020-12-31");
      return null;
    }
  }

  private ReleaseRequest.Time time(JsonNode n) {
    LocalDate[] range = f.dateRange(n);
    LocalDate start = range[0];
    LocalDate end = range[1];
    ZoneId zone = f.zone(n);
    String windowText = YamlFields.text(n, "window", null);
    TemporalAmount window = null;
    if (windowText == null) {
      problems.add("time.window: required (an ISO-8601 duration such as PT1H or P1D)");
    } else {
      window = YamlFields.duration(windowText);
      if (window == null) {
        problems.add("time.window: '" + windowText + "' is not an ISO-8601 duration such as PT1H or P1D");
      }
    }
    return new ReleaseRequest.Time(start, end, zone, window, windowText);
  }

  private ReleaseRequest.Privacy privacy(JsonNode n) {
    String mech = YamlFields.text(n, "mechanism", DiscreteLaplaceMechanism.NAME);
    Guarantee guarantee = null;
    if (mech.equals(DiscreteLaplaceMechanism.NAME)) {
      Rational epsilon = positive(n, "epsilon", MAX_EPSILON, true);
      if (n.has("rho")) {
        problems.add("privacy.rho: only for the discrete_gaussian mechanism; discrete_laplace takes epsilon");
      }
      guarantee = epsilon == null ? null : new Guarantee.PureDp(epsilon);
    } else if (mech.equals(DiscreteGaussianMechanism.NAME)) {
      Rational rho = positive(n, "rho", MAX_RHO, true);
      Rational delta = positive(n, "delta", Rational.of(1, 10), false);
      if (delta == null && !n.has("delta")) {
        delta = DEFAULT_DELTA;
      }
      if (n.has("epsilon")) {
        problems.add("privacy.epsilon: the discrete_gaussian mechanism takes rho (zCDP), not epsilon");
      }
      guarantee = rho == null || delta == null ? null : new Guarantee.Zcdp(rho, delta);
    } else {
      problems.add("privacy.mechanism: '" + mech + "' is not discrete_laplace or discrete_gaussian");
    }
    long minCount = integer(n, "privacy.min_count", "min_count", 0, Long.MAX_VALUE / 4);
    return new ReleaseRequest.Privacy(guarantee, minCount);
  }

  /** A positive exact decimal at most {@code max}, with at most 9 decimal places. */
  private Rational positive(JsonNode parent, String name, Rational max, boolean required) {
    String field = "privacy." + name;
    JsonNode e = parent.get(name);
    if (e == null || e.isNull()) {
      if (required) {
        problems.add(field + ": required");
      }
      return null;
    }
    return decimal(field, e, max);
  }

  private Rational decimal(String field, JsonNode e, Rational max) {
    String text = e.asText();
    try {
      if (!e.isNumber() && !e.isTextual()) {
        throw new NumberFormatException();
      }
      Rational r = Rational.parse(text);
      if (r.isZero()) {
        problems.add(field + ": must be greater than 0");
      } else if (r.compareTo(max) > 0) {
        problems.add(field + ": " + text + " is above " + max);
      } else if (r.denominator().bitLength() > 30) {
        problems.add(field + ": use at most 9 decimal places");
      } else {
        return r;
      }
    } catch (NumberFormatException | ArithmeticException x) {
      problems.add(field + ": '" + text + "' is not a number");
    } catch (IllegalArgumentException x) {
      problems.add(field + ": must be greater than 0");
    }
    return null;
  }

  private ReleaseRequest.Metrics metrics(JsonNode n) {
    ReleaseRequest.Od od = null;
    ReleaseRequest.Presence presence = null;
    Rational total = Rational.of(0, 1);
    boolean sharesKnown = true;
    if (n.has("od")) {
      JsonNode m = n.get("od");
      Rational share = share(m, "metrics.od");
      long l = integer(m, "metrics.od.max_transitions_per_device", "max_transitions_per_device", 1, MAX_BOUND);
      od = new ReleaseRequest.Od(share, (int) l);
      sharesKnown &= share != null;
      total = share == null ? total : total.plus(share);
    }
    if (n.has("presence")) {
      JsonNode m = n.get("presence");
      Rational share = share(m, "metrics.presence");
      long w = integer(m, "metrics.presence.max_windows_per_device", "max_windows_per_device", 1, MAX_BOUND);
      presence = new ReleaseRequest.Presence(share, (int) w);
      sharesKnown &= share != null;
      total = share == null ? total : total.plus(share);
    }
    if (n.isObject() && od == null && presence == null) {
      problems.add("metrics: name od, presence or both");
    } else if (n.isObject() && sharesKnown && !total.equals(Rational.of(1, 1))) {
      problems.add("metrics: the budget shares add up to " + total + ", not 1");
    }
    return new ReleaseRequest.Metrics(od, presence);
  }

  /** A metric's budget share; may be omitted when it is the only metric. */
  private Rational share(JsonNode metric, String path) {
    JsonNode s = metric.get("budget_share");
    if (s == null || s.isNull()) {
      return Rational.of(1, 1);
    }
    return decimal(path + ".budget_share", s, Rational.of(1, 1));
  }

  private long integer(JsonNode parent, String field, String name, long min, long max) {
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      problems.add(field + ": required");
      return min;
    }
    if (!n.canConvertToLong() || !n.isIntegralNumber()) {
      problems.add(field + ": must be a whole number");
      return min;
    }
    long v = n.asLong();
    if (v < min || v > max) {
      problems.add(field + ": must be between " + min + " and " + max);
      return min;
    }
    return v;
  }

}
