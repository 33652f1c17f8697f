package io.privflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A release request for tests, built field by field with typed setters and written as YAML, so a
 * test varies exactly the field it means to: a setter cannot miss its target the way a text edit
 * of the YAML can. {@link #set} and {@link #remove} reach any field by its dotted path (for values
 * no setter would accept) and fail loudly when the path's parent does not exist.
 */
public final class RequestYaml {
  private static final ObjectMapper YAML = new ObjectMapper(
      new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
  private final ObjectNode root;

  private RequestYaml(ObjectNode root) {
    this.root = root;
  }

  /** The tiny fixture's request: Laplace epsilon 1, k 1, OD with L 3, four daily windows, key and output in the test directory. */
  public static RequestYaml tiny() {
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("request_id", "tiny-test");
    r.put("dataset", "tiny");
    ObjectNode who = r.putObject("requester");
    who.put("organisation", "Tiny Health Institute");
    who.put("contact", "dpo@tiny.example");
    r.put("purpose", "Testing privflow");
    r.put("legal_basis", "GDPR Art. 6(1)(e)");
    r.put("retention_until", "2099-12-31");
    ObjectNode in = r.putObject("inputs");
    in.putArray("network_events").add(Fixtures.tiny("network_events.csv").toString());
    in.putArray("gps_events").add(Fixtures.tiny("gps_events.csv").toString());
    in.putArray("cells").add(Fixtures.tiny("cells.csv").toString());
    r.putObject("regions").put("file", Fixtures.tiny("regions.geojson").toString());
    ObjectNode time = r.putObject("time");
    time.put("start", "2020-03-01");
    time.put("end", "2020-03-05");
    time.put("zone", "UTC");
    time.put("window", "P1D");
    ObjectNode privacy = r.putObject("privacy");
    privacy.put("epsilon", "1.0");
    privacy.put("min_count", 1);
    r.putObject("metrics").putObject("od").put("max_transitions_per_device", 3);
    r.putObject("output").put("directory", "${OUT}");
    return new RequestYaml(r);
  }

  public RequestYaml requestId(String id) {
    return set("request_id", id);
  }

  public RequestYaml dataset(String name) {
    return set("dataset", name);
  }

  public RequestYaml purpose(String purpose) {
    return set("purpose", purpose);
  }

  public RequestYaml legalBasis(String basis) {
    return set("legal_basis", basis);
  }

  public RequestYaml retentionUntil(String isoDate) {
    return set("retention_until", isoDate);
  }

  public RequestYaml start(String isoDate) {
    return set("time.start", isoDate);
  }

  public RequestYaml end(String isoDate) {
    return set("time.end", isoDate);
  }

  public RequestYaml zone(String zone) {
    return set("time.zone", zone);
  }

  public RequestYaml window(String isoDuration) {
    return set("time.window", isoDuration);
  }

  /** Laplace with this epsilon (the default mechanism). */
  public RequestYaml epsilon(String epsilon) {
    return set("privacy.epsilon", epsilon);
  }

  /** The discrete Gaussian with this rho, in place of the Laplace epsilon. */
  public RequestYaml gaussian(String rho) {
    remove("privacy.epsilon");
    set("privacy.mechanism", "discrete_gaussian");
    return set("privacy.rho", rho);
  }

  public RequestYaml delta(String delta) {
    return set("privacy.delta", delta);
  }

  /** A partition selection (Gaussian noise at {@code rho}); the request's min_count stays as a floor. */
  public RequestYaml partitionSelection(String rho) {
    gaussian(rho);
    return set("privacy.release", "partition_selection");
  }

  /** A full-domain release whose k is derived from at most {@code max} expected empty cells per window. */
  public RequestYaml maxExpectedEmptyPerWindow(String max) {
    remove("privacy.min_count");
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("max_expected_per_window", new java.math.BigDecimal(max));
    return set("privacy.empty_cells", e);
  }

  /** A full-domain release whose k keeps at most {@code share} of published cells empty, given non-empty cells. */
  public RequestYaml maxEmptyShare(String share, long expectedNonEmptyPerWindow) {
    remove("privacy.min_count");
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("max_share", new java.math.BigDecimal(share));
    e.put("expected_nonempty_per_window", expectedNonEmptyPerWindow);
    return set("privacy.empty_cells", e);
  }

  /** Window totals of the request's only cell metric, with budget share {@code share}. */
  public RequestYaml total(String share) {
    ObjectNode t = JsonNodeFactory.instance.objectNode();
    t.put("budget_share", new java.math.BigDecimal(share));
    return set("metrics.total", t);
  }

  public RequestYaml minCount(long k) {
    return set("privacy.min_count", k);
  }

  public RequestYaml maxTransitions(int l) {
    return set("metrics.od.max_transitions_per_device", l);
  }

  public RequestYaml odShare(String share) {
    return set("metrics.od.budget_share", share);
  }

  /** Adds presence counts with their bound and share. */
  public RequestYaml presence(int maxWindows, String share) {
    ObjectNode p = ((ObjectNode) node("metrics")).putObject("presence");
    p.put("max_windows_per_device", maxWindows);
    if (share != null) {
      p.put("budget_share", share);
    }
    return this;
  }

  /** Adds home-presence counts with their bound and share (null: omitted). */
  public RequestYaml homePresence(int maxWindows, String share) {
    ObjectNode p = ((ObjectNode) node("metrics")).putObject("home_presence");
    p.put("max_windows_per_device", maxWindows);
    if (share != null) {
      p.put("budget_share", new java.math.BigDecimal(share));
    }
    return this;
  }

  /** Adds home OD counts with their bound and share (null: omitted). */
  public RequestYaml homeOd(int maxTransitions, String share) {
    ObjectNode p = ((ObjectNode) node("metrics")).putObject("home_od");
    p.put("max_transitions_per_device", maxTransitions);
    if (share != null) {
      p.put("budget_share", new java.math.BigDecimal(share));
    }
    return this;
  }

  /** The home section: night start and end (HH:MM, null: omitted) and min_nights. */
  public RequestYaml home(String nightStart, String nightEnd, int minNights) {
    ObjectNode h = root.putObject("home");
    if (nightStart != null) {
      h.put("night_start", nightStart);
    }
    if (nightEnd != null) {
      h.put("night_end", nightEnd);
    }
    h.put("min_nights", minNights);
    return this;
  }

  public RequestYaml networkEvents(String... patterns) {
    return list("inputs.network_events", patterns);
  }

  public RequestYaml gpsEvents(String... patterns) {
    return list("inputs.gps_events", patterns);
  }

  public RequestYaml cells(String... patterns) {
    return list("inputs.cells", patterns);
  }

  public RequestYaml regionsFile(Path file) {
    return set("regions.file", file.toString());
  }

  /**
   * A region hierarchy over the request's regions: parents from {@code parentProperty} and/or the
   * region file {@code parents} (either may be null), two levels with their names and budget shares.
   */
  public RequestYaml hierarchy(String parentProperty, Path parents, String fine, String fineShare, String coarse,
      String coarseShare) {
    ObjectNode r = (ObjectNode) node("regions");
    if (parentProperty != null) {
      r.put("parent_property", parentProperty);
    }
    if (parents != null) {
      r.putObject("parents").put("file", parents.toString());
    }
    ObjectNode levels = r.putObject("levels");
    levels.putObject("fine").put("name", fine).put("budget_share", new java.math.BigDecimal(fineShare));
    levels.putObject("coarse").put("name", coarse).put("budget_share", new java.math.BigDecimal(coarseShare));
    return this;
  }

  /**
   * A grid over {@code area} in place of the region file: {@code system} h3 with {@code level} as
   * its resolution, or etrs89_laea with {@code level} as cell_m.
   */
  public RequestYaml grid(String system, int level, Path area) {
    remove("regions.file");
    ObjectNode g = ((ObjectNode) node("regions")).putObject("grid");
    g.put("system", system);
    g.put(system.equals("h3") ? "resolution" : "cell_m", level);
    g.put("area", area.toString());
    return this;
  }

  /** Publishes each level's raw noisy tables beside the consistent ones. */
  public RequestYaml rawNoisyTables() {
    return set("output.raw_noisy_tables", true);
  }

  /** {@code regions.mapping}: tower_point or coverage. */
  public RequestYaml mapping(String mapping) {
    return set("regions.mapping", mapping);
  }

  public RequestYaml regionSet(String name) {
    return set("regions.set", name);
  }

  public RequestYaml output(Path directory) {
    return set("output.directory", directory.toString());
  }

  /**
   * Any field by its dotted path; its parent mapping must exist. Values go in as text, numbers, booleans, nodes or
   * lists of text.
   */
  public RequestYaml set(String path, Object value) {
    ObjectNode parent = parent(path);
    String name = last(path);
    if (value == null) {
      parent.putNull(name);
    } else if (value instanceof Integer i) {
      parent.put(name, i);
    } else if (value instanceof Long l) {
      parent.put(name, l);
    } else if (value instanceof Double d) {
      parent.put(name, d);
    } else if (value instanceof Boolean b) {
      parent.put(name, b);
    } else if (value instanceof JsonNode n) {
      parent.set(name, n);
    } else if (value instanceof List<?> items) {
      list(path, items.stream().map(String::valueOf).toArray(String[]::new));
    } else {
      parent.put(name, value.toString());
    }
    return this;
  }

  /** Removes a field that exists (a missing one is a mistake in the test, and fails). */
  public RequestYaml remove(String path) {
    ObjectNode parent = parent(path);
    if (parent.remove(last(path)) == null) {
      throw new IllegalArgumentException("the request has no field " + path + " to remove");
    }
    return this;
  }

  private RequestYaml list(String path, String... values) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (String v : values) {
      a.add(v);
    }
    return set(path, a);
  }

  private JsonNode node(String path) {
    JsonNode n = root;
    for (String part : path.split("\\.")) {
      n = n.get(part);
      if (n == null) {
        throw new IllegalArgumentException("the request has no field " + path);
      }
    }
    return n;
  }

  private ObjectNode parent(String path) {
    int dot = path.lastIndexOf('.');
    JsonNode p = dot < 0 ? root : node(path.substring(0, dot));
    if (!(p instanceof ObjectNode o)) {
      throw new IllegalArgumentException(path.substring(0, Math.max(dot, 0)) + " is not a mapping");
    }
    return o;
  }

  private static String last(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** The YAML text, with {@code ${KEY}} and {@code ${OUT}} still to be filled in by {@link Fixtures#request}. */
  public String yaml() {
    try {
      return YAML.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the request into {@code dir} with its key and output there (see {@link Fixtures#request}). */
  public Path write(Path dir) throws IOException {
    return Fixtures.request(dir, yaml());
  }

  /** A copy to vary without touching this one. */
  public RequestYaml copy() {
    return new RequestYaml(root.deepCopy());
  }

  /** Writes the YAML as it is, placeholders included, to {@code file}. */
  public Path writeTo(Path file) throws IOException {
    Files.writeString(file, yaml());
    return file;
  }
}
