package io.privflow.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.privflow.privacy.Rational;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates a custodian policy file (YAML); relative paths resolve against its directory. */
public final class PolicyParser {
  /** Environment variable naming the policy file when the command line does not. */
  public static final String POLICY_ENV = "PRIVFLOW_POLICY";

  private static final Set<String> TOP = Set.of("state_directory", "ledger_jdbc_url", "datasets");
  private static final Set<String> DATASET = Set.of("budget_period", "accounting", "budget");

  private PolicyParser() {}

  /**
   * The policy named on the command line, else by {@code PRIVFLOW_POLICY}. There is no default
   * policy: without one nothing runs.
   */
  public static Policy fromOptionOrEnvironment(Path option) {
    Path p = option;
    if (p == null) {
      String env = System.getenv(POLICY_ENV);
      if (env == null || env.isBlank()) {
        throw new PolicyException("no custodian policy", List.of("pass --policy FILE or set " + POLICY_ENV
            + "; the policy holds the privacy budgets and names the ledger and audit database"));
      }
      p = Path.of(env);
    }
    return parse(p);
  }

  public static Policy parse(Path policyFile) {
    Path file = policyFile.toAbsolutePath().normalize();
    byte[] bytes;
    JsonNode root;
    try {
      bytes = Files.readAllBytes(file);
      root = new ObjectMapper(new YAMLFactory()).readTree(bytes);
    } catch (IOException e) {
      throw new PolicyException("cannot use policy file " + policyFile,
          List.of(Files.exists(file) ? "not valid YAML" : "it does not exist"));
    }
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new PolicyException("invalid policy " + policyFile, List.of("not a YAML mapping"));
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!TOP.contains(f)) {
        problems.add(f + ": unknown field");
      }
    }
    Path base = file.getParent();
    String state = root.path("state_directory").asText("");
    if (state.isBlank()) {
      problems.add("state_directory: required (where the budget ledger and committed releases are kept)");
    }
    Path stateDir = base.resolve(state.isBlank() ? "." : state).normalize();
    String jdbc = root.path("ledger_jdbc_url").asText("");
    if (jdbc.isBlank()) {
      jdbc = "jdbc:h2:file:" + stateDir.resolve("ledger") + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=30000";
    } else if (!jdbc.startsWith("jdbc:")) {
      problems.add("ledger_jdbc_url: must be a JDBC URL (jdbc:...)");
    }
    Map<String, Policy.DatasetBudget> datasets = new LinkedHashMap<>();
    JsonNode ds = root.path("datasets");
    if (!ds.isObject() || ds.isEmpty()) {
      problems.add("datasets: required, with at least one dataset and its budget");
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = ds.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Policy.DatasetBudget b = dataset(e.getKey(), e.getValue(), problems);
        if (b != null) {
          datasets.put(e.getKey(), b);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new PolicyException("invalid policy " + policyFile, problems);
    }
    return new Policy(file, sha256(bytes), stateDir, jdbc, datasets);
  }

  private static Policy.DatasetBudget dataset(String name, JsonNode n, List<String> problems) {
    String at = "datasets." + name;
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!DATASET.contains(f)) {
        problems.add(at + "." + f + ": unknown field");
      }
    }
    BudgetPeriod period = null;
    try {
      period = BudgetPeriod.parse(n.path("budget_period").asText("month"));
    } catch (IllegalArgumentException e) {
      problems.add(at + ".budget_period: one of day, week, month, quarter, year");
    }
    Policy.Accounting accounting = null;
    String acc = n.path("accounting").asText("pure_dp");
    for (Policy.Accounting a : Policy.Accounting.values()) {
      if (a.label().equals(acc)) {
        accounting = a;
      }
    }
    if (accounting == null) {
      problems.add(at + ".accounting: pure_dp or zcdp");
    }
    Rational budget = null;
    try {
      budget = Rational.parse(n.path("budget").asText(""));
      if (budget.isZero()) {
        problems.add(at + ".budget: must be greater than 0");
        budget = null;
      }
    } catch (RuntimeException e) {
      problems.add(at + ".budget: required, a positive number (epsilon or rho per period)");
    }
    return period == null || accounting == null || budget == null
        ? null : new Policy.DatasetBudget(name, period, accounting, budget);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
