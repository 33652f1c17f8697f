package io.privflow.policy;

import io.privflow.config.Check;
import io.privflow.config.ConfigReader;
import io.privflow.config.Problems;
import io.privflow.config.Sections;
import io.privflow.files.Digests;
import io.privflow.privacy.Accounting;
import io.privflow.privacy.Rational;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.time.temporal.TemporalAmount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a custodian policy file (YAML) into a validated {@link Policy}: bound by Jackson
 * ({@link Sections.PolicyFile}), then checked, every problem listed with its field path. Relative
 * paths resolve against the policy file's directory.
 */
public final class PolicyParser {
  /** Environment variable naming the policy file when the command line does not. */
  public static final String POLICY_ENV = "PRIVFLOW_POLICY";

  /** No budget or limit is above this: it only keeps the exact arithmetic small. */
  private static final Rational MAX_BUDGET = Rational.of(1_000_000, 1);

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
    try {
      if (Files.size(file) > ConfigReader.MAX_BYTES) {
        throw new PolicyException("cannot use policy file " + policyFile, List.of("it is too large to be a policy"));
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new PolicyException("cannot use policy file " + policyFile,
          List.of(Files.exists(file) ? "it cannot be read" : "it does not exist"));
    }
    Problems problems = new Problems();
    Sections.PolicyFile doc = ConfigReader.bind(bytes, Sections.PolicyFile.class, "policy file " + policyFile,
        problems);
    if (doc == null) {
      throw new PolicyException("invalid policy " + policyFile, problems.list());
    }
    Check c = new Check(problems, file.getParent());
    String state = c.required("state_directory", doc.stateDirectory());
    if (state == null) {
      problems.add("state_directory", "where the budget ledger and committed releases are kept");
    }
    Path stateDir = file.getParent().resolve(state == null ? "." : state).normalize();
    String jdbc = Check.text(doc.ledgerJdbcUrl(), null);
    if (jdbc == null) {
      jdbc = "jdbc:h2:file:" + stateDir.resolve("ledger") + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=30000";
    } else if (!jdbc.startsWith("jdbc:")) {
      c.problem("ledger_jdbc_url", "must be a JDBC URL (jdbc:...)");
    }
    Path custodian = c.path("custodian_directory", doc.custodianDirectory(), false);
    if (custodian == null) {
      custodian = stateDir.resolve("custodian");
    }
    Path keyFile = c.path("pseudonymization_key_file", doc.pseudonymizationKeyFile(), false);
    Path ledgerKey = c.path("ledger_key_file", doc.ledgerKeyFile(), false);
    if (ledgerKey == null) {
      ledgerKey = stateDir.resolve("ledger.key");
    }
    List<String> purposes = c.names("consent_purposes", doc.consentPurposes());
    ReleaseRules defaults = rules(c, "rules", doc.rules());
    Map<String, Policy.DatasetBudget> datasets = new LinkedHashMap<>();
    if (doc.datasets() == null || doc.datasets().isEmpty()) {
      c.missing("datasets", "required, with at least one dataset and its budget");
    } else {
      doc.datasets().forEach((name, d) -> {
        Policy.DatasetBudget b = dataset(c, name, d, defaults);
        if (b != null) {
          datasets.put(name, b);
        }
      });
    }
    if (!problems.isEmpty()) {
      throw new PolicyException("invalid policy " + policyFile, problems.list());
    }
    return new Policy(file, Digests.sha256(bytes), stateDir, custodian, keyFile, ledgerKey, purposes, jdbc, datasets);
  }

  private static Policy.DatasetBudget dataset(Check c, String name, Sections.Dataset d, ReleaseRules defaults) {
    String at = "datasets." + name;
    if (d == null) {
      c.problem(at, "needs its budget_period, accounting and budget");
      return null;
    }
    ZoneId zone = c.zone(at + ".zone", d.zone());
    BudgetPeriod period = null;
    try {
      period = BudgetPeriod.parse(Check.text(d.budgetPeriod(), "month"));
    } catch (IllegalArgumentException e) {
      c.problem(at + ".budget_period", "one of day, week, month, quarter, year");
    }
    Accounting accounting = Accounting.ofLabel(Check.text(d.accounting(), Accounting.PURE_DP.label()));
    if (accounting == null) {
      c.problem(at + ".accounting", "pure_dp or zcdp");
    }
    if (d.budget() == null) {
      c.missing(at + ".budget", "required, a positive number (epsilon or rho per period)");
    }
    Rational budget = c.positive(at + ".budget", d.budget(), MAX_BUDGET, false);
    Rational deltaBudget = null;
    if (d.deltaBudget() != null) {
      if (accounting == Accounting.PURE_DP) {
        c.problem(at + ".delta_budget", "only for a zcdp dataset: a pure_dp dataset spends no delta");
      } else {
        deltaBudget = c.positive(at + ".delta_budget", d.deltaBudget(), Rational.of(1, 100), false);
      }
    }
    ReleaseRules rules = rules(c, at + ".rules", d.rules()).over(defaults);
    return period == null || accounting == null || budget == null
        ? null : new Policy.DatasetBudget(name, zone, period, accounting, budget, deltaBudget, rules);
  }

  /** A {@code rules} block (policy-wide or a dataset's); every rule is optional. */
  static ReleaseRules rules(Check c, String at, Sections.Rules r) {
    if (r == null) {
      return ReleaseRules.NONE;
    }
    Long minCount = null;
    if (r.minCount() != null) {
      long k = c.integer(at + ".min_count", r.minCount(), 0, Long.MAX_VALUE / 4, false, -1);
      minCount = k < 0 ? null : k;
    }
    Duration minWindow = null;
    if (r.minWindow() != null) {
      TemporalAmount w = Check.windowLength(r.minWindow().strip());
      if (w == null) {
        c.problem(at + ".min_window", "not an ISO-8601 duration such as PT1H or P1D");
      } else {
        minWindow = Check.nominal(w);
      }
    }
    Period maxRetention = null;
    if (r.maxRetention() != null) {
      try {
        maxRetention = Period.parse(r.maxRetention().strip());
        if (maxRetention.isNegative() || maxRetention.isZero()) {
          c.problem(at + ".max_retention", "must be a positive period such as P90D");
          maxRetention = null;
        }
      } catch (DateTimeException e) {
        c.problem(at + ".max_retention", "not an ISO-8601 period such as P90D, P6M or P1Y");
      }
    }
    Rational maxRejectRate = r.maxRejectRate() == null ? null
        : c.positive(at + ".max_reject_rate", r.maxRejectRate(), Rational.ONE, false);
    Long maxDomainCells = null;
    if (r.maxDomainCells() != null) {
      long m = c.integer(at + ".max_domain_cells", r.maxDomainCells(), 1, Long.MAX_VALUE / 4, false, -1);
      maxDomainCells = m < 0 ? null : m;
    }
    return new ReleaseRules(
        c.positive(at + ".max_epsilon_per_release", r.maxEpsilonPerRelease(), MAX_BUDGET, false),
        c.positive(at + ".max_rho_per_release", r.maxRhoPerRelease(), MAX_BUDGET, false),
        minCount, minWindow,
        regionSets(c, at + ".allowed_region_sets", r.allowedRegionSets()),
        c.names(at + ".allowed_purposes", r.allowedPurposes()),
        c.names(at + ".allowed_legal_bases", r.allowedLegalBases()),
        maxRetention, maxRejectRate, maxDomainCells,
        c.positive(at + ".max_expected_empty_cells_per_window", r.maxExpectedEmptyCellsPerWindow(),
            Rational.of(1_000_000, 1), false));
  }

  /**
   * Each allowed region set with the SHA-256 its file must have: given as {@code sha256}, or as the
   * {@code file} itself (relative to the policy), whose digest is taken now. A list of bare names
   * is refused: a name the requester writes proves nothing about the file it sends.
   */
  private static Map<String, String> regionSets(Check c, String at, Map<String, Sections.RegionSet> sets) {
    Map<String, String> out = new LinkedHashMap<>();
    if (sets == null) {
      return out;
    }
    if (sets.isEmpty()) {
      c.problem(at, "must name at least one region set (leave it out to allow any)");
    }
    sets.forEach((name, rule) -> {
      String where = at + "." + name;
      if (rule == null || (rule.sha256() == null) == (rule.file() == null)) {
        c.problem(where, "give the region file's sha256 or its file, one of the two");
      } else if (rule.sha256() != null) {
        String hex = rule.sha256().strip().toLowerCase(java.util.Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
          c.problem(where + ".sha256", "must be 64 hexadecimal digits");
        } else {
          out.put(name, hex);
        }
      } else {
        Path f = c.existingFile(where + ".file", rule.file());
        if (f != null && Files.isRegularFile(f)) {
          try {
            out.put(name, Digests.sha256(f));
          } catch (IOException e) {
            c.problem(where + ".file", "cannot be read");
          }
        }
      }
    });
    return out;
  }
}
