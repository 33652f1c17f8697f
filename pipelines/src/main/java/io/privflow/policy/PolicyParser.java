package io.privflow.policy;

import io.privflow.privacy.Accounting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.privflow.privacy.Rational;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates a custodian policy file (YAML); relative paths resolve against its directory. */
public final class PolicyParser {
  /** Environment variable naming the policy file when the command line does not. */
  public static final String POLICY_ENV = "PRIVFLOW_POLICY";

  private static final Set<String> TOP = Set.of("state_directory", "ledger_jdbc_url", "rules", "datasets");
  private static final Set<String> DATASET = Set.of("budget_period", "accounting", "budget", "rules");
  private static final Set<String> RULES = Set.of("max_epsilon_per_release", "max_rho_per_release", "min_count",
      "min_window", "allowed_region_sets", "allowed_purposes", "allowed_legal_bases", "max_retention", "max_reject_rate");

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
    ReleaseRules defaults = rules(root.path("rules"), "rules", problems);
    Map<String, Policy.DatasetBudget> datasets = new LinkedHashMap<>();
    JsonNode ds = root.path("datasets");
    if (!ds.isObject() || ds.isEmpty()) {
      problems.add("datasets: required, with at least one dataset and its budget");
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = ds.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Policy.DatasetBudget b = dataset(e.getKey(), e.getValue(), defaults, problems);
        if (b != null) {
          datasets.put(e.getKey(), b);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new PolicyException("invalid policy " + policyFile, problems);
    }
    return new Policy(file, io.privflow.files.Digests.sha256(bytes), stateDir, jdbc, datasets);
  }

  private static Policy.DatasetBudget dataset(String name, JsonNode n, ReleaseRules defaults, List<String> problems) {
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
    Accounting accounting = Accounting.ofLabel(n.path("accounting").asText(Accounting.PURE_DP.label()));
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
    ReleaseRules rules = rules(n.path("rules"), at + ".rules", problems).over(defaults);
    return period == null || accounting == null || budget == null
        ? null : new Policy.DatasetBudget(name, period, accounting, budget, rules);
  }

  /** A {@code rules} block (policy-wide or a dataset's); every rule is optional. */
  static ReleaseRules rules(JsonNode n, String at, List<String> problems) {
    if (n.isMissingNode() || n.isNull()) {
      return ReleaseRules.NONE;
    }
    if (!n.isObject()) {
      problems.add(at + ": must be a mapping of rules");
      return ReleaseRules.NONE;
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!RULES.contains(f)) {
        problems.add(at + "." + f + ": unknown rule (rules: " + String.join(", ", RULES.stream().sorted().toList()) + ")");
      }
    }
    Rational maxEpsilon = positive(n, at, "max_epsilon_per_release", problems);
    Rational maxRho = positive(n, at, "max_rho_per_release", problems);
    Long minCount = null;
    if (n.hasNonNull("min_count")) {
      JsonNode k = n.get("min_count");
      if (k.isIntegralNumber() && k.canConvertToLong() && k.asLong() >= 0) {
        minCount = k.asLong();
      } else {
        problems.add(at + ".min_count: must be a whole number, 0 or more");
      }
    }
    Duration minWindow = null;
    if (n.hasNonNull("min_window")) {
      minWindow = windowLength(n.get("min_window").asText());
      if (minWindow == null) {
        problems.add(at + ".min_window: '" + n.get("min_window").asText()
            + "' is not an ISO-8601 duration such as PT1H or P1D");
      }
    }
    Period maxRetention = null;
    if (n.hasNonNull("max_retention")) {
      try {
        maxRetention = Period.parse(n.get("max_retention").asText());
        if (maxRetention.isNegative() || maxRetention.isZero()) {
          problems.add(at + ".max_retention: must be a positive period such as P90D");
          maxRetention = null;
        }
      } catch (DateTimeException e) {
        problems.add(at + ".max_retention: '" + n.get("max_retention").asText()
            + "' is not an ISO-8601 period such as P90D, P6M or P1Y");
      }
    }
    Rational maxRejectRate = positive(n, at, "max_reject_rate", problems);
    if (maxRejectRate != null && maxRejectRate.compareTo(Rational.of(1, 1)) > 0) {
      problems.add(at + ".max_reject_rate: a share between 0 and 1, such as 0.01 for 1%");
      maxRejectRate = null;
    }
    return new ReleaseRules(maxEpsilon, maxRho, minCount, minWindow, names(n, at, "allowed_region_sets", problems),
        names(n, at, "allowed_purposes", problems), names(n, at, "allowed_legal_bases", problems), maxRetention,
        maxRejectRate);
  }

  private static Rational positive(JsonNode n, String at, String name, List<String> problems) {
    if (!n.hasNonNull(name)) {
      return null;
    }
    try {
      Rational r = Rational.parse(n.get(name).asText());
      if (!r.isZero()) {
        return r;
      }
    } catch (RuntimeException e) {
      // reported below
    }
    problems.add(at + "." + name + ": must be a positive number");
    return null;
  }

  private static List<String> names(JsonNode n, String at, String name, List<String> problems) {
    JsonNode list = n.get(name);
    if (list == null || list.isNull()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (!list.isArray() || list.isEmpty()) {
      problems.add(at + "." + name + ": must be a non-empty list (leave it out to allow any)");
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode v = list.get(i);
      if (!v.isValueNode() || v.asText().isBlank()) {
        problems.add(at + "." + name + "[" + i + "]: must be a non-empty text");
      } else {
        out.add(v.asText().strip());
      }
    }
    return out;
  }

  /**
   * The nominal length of a window: a period of days or weeks counts 24 hours a day (a policy
   * floor, so a 23-hour daylight-saving day still counts as P1D).
   */
  public static Duration windowLength(String text) {
    try {
      Period p = Period.parse(text);
      return p.isNegative() || p.isZero() || p.getYears() != 0 || p.getMonths() != 0 ? null : Duration.ofDays(p.getDays());
    } catch (DateTimeException e) {
      try {
        Duration d = Duration.parse(text);
        return d.isNegative() || d.isZero() ? null : d;
      } catch (DateTimeException e2) {
        return null;
      }
    }
  }

}
