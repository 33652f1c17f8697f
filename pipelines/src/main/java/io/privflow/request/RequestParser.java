package io.privflow.request;

import io.privflow.config.Check;
import io.privflow.config.ConfigReader;
import io.privflow.config.Problems;
import io.privflow.config.Sections;
import io.privflow.privacy.Decimals;
import io.privflow.privacy.DiscreteGaussianMechanism;
import io.privflow.privacy.DiscreteLaplaceMechanism;
import io.privflow.privacy.Guarantee;
import io.privflow.privacy.Rational;
import io.privflow.privacy.ReleaseMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAmount;
import java.util.List;

/**
 * Reads a YAML release request into a validated {@link ReleaseRequest}: bound by Jackson
 * ({@link Sections.ReleaseRequestFile}), then every rule checked, every problem collected with its
 * field path before failing, so an analyst fixes a request in one go. Relative paths resolve
 * against the request file's directory.
 */
public final class RequestParser {
  static final int MAX_BOUND = 100_000;
  static final Rational MAX_EPSILON = Rational.of(100, 1);
  static final Rational MAX_RHO = Rational.of(100, 1);
  static final Rational MAX_DELTA = Rational.of(1, 10);
  static final Rational DEFAULT_DELTA = Rational.parse("0.000001");
  static final Rational DEFAULT_SELECTION_DELTA = Rational.parse("0.00000001");
  static final Rational MAX_SELECTION_DELTA = Rational.of(1, 1000);

  private RequestParser() {}

  public static ReleaseRequest parse(Path requestFile) {
    Path file = requestFile.toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw new RequestException(List.of("request file " + requestFile + " does not exist"));
    }
    Problems problems = new Problems();
    Sections.ReleaseRequestFile doc = ConfigReader.read(file, Sections.ReleaseRequestFile.class, "request file",
        problems);
    if (doc == null) {
      throw new RequestException(problems.list());
    }
    Check c = new Check(problems, file.getParent());
    String requestId = c.identifier("request_id", doc.requestId());
    String dataset = c.identifier("dataset", doc.dataset());
    Sections.Requester who = doc.requester() == null ? new Sections.Requester(null, null) : doc.requester();
    LocalDate retention = doc.retentionUntil();
    if (retention == null) {
      c.missing("retention_until", "required (the ISO date after which the recipient must delete the data)");
    }
    Requester requester = new Requester(Check.text(who.organisation(), ""), Check.text(who.contact(), ""),
        Check.text(doc.purpose(), ""), Check.text(doc.legalBasis(), ""), retention);
    Inputs inputs = CommonSections.inputs(c, doc.inputs());
    if (doc.inputs() != null && doc.inputs().consentRegistry() != null) {
      c.problem("inputs.consent_registry", "unknown field: a release never reads the consent registry");
    }
    Regions regions = CommonSections.regions(c, doc.regions());
    RegionHierarchy hierarchy = CommonSections.hierarchy(c, doc.regions(),
        doc.output() == null ? null : doc.output().rawNoisyTables());
    if (regions != null && regions.grid() != null && hierarchy != null) {
      c.problem("regions.grid", "a region hierarchy (parent_property, parents, levels) is not supported with a grid;"
          + " release the grid at one level");
    } else if (regions != null && hierarchy != null) {
      regions = regions.withHierarchy(hierarchy);
    }
    Mapping mapping = mapping(c, doc.regions());
    if (regions != null && mapping != Mapping.TOWER_POINT) {
      regions = regions.withMapping(mapping);
    }
    if (doc.regions() != null && doc.regions().set() != null && doc.regions().set().isBlank()) {
      c.problem("regions.set", "must be a name (the region set's name in the custodian policy)");
    }
    TimeRange time = time(c, doc.time());
    ReleaseRequest.Privacy privacy = privacy(c, doc.privacy());
    ReleaseRequest.Metrics metrics = HomeSection.check(c, doc.home(), metrics(c, doc.metrics()), doc.time(),
        hierarchy != null);
    CommonSections.custodianOnly(c, doc.pseudonymization(), doc.output());
    if (doc.output() != null && (doc.output().detail() != null || doc.output().window() != null)) {
      c.problem("output", "detail and window belong to a consent-export request, not a release");
    }
    Path out = CommonSections.output(c, doc.output());
    if (!problems.isEmpty()) {
      throw new RequestException(problems.list());
    }
    return new ReleaseRequest(requestId, dataset, requester, inputs, regions, time, privacy, metrics, out, file);
  }

  /** {@code regions.mapping}: tower_point (the default) or coverage. */
  private static Mapping mapping(Check c, Sections.Regions r) {
    if (r == null || r.mapping() == null) {
      return Mapping.TOWER_POINT;
    }
    Mapping m = Mapping.parse(r.mapping().strip());
    if (m == null) {
      c.problem("regions.mapping", "must be tower_point or coverage");
      return Mapping.TOWER_POINT;
    }
    return m;
  }

  private static TimeRange time(Check c, Sections.Time t) {
    if (c.section("time", t) == null) {
      return new TimeRange(null, null, ZoneId.of("UTC"), null, null);
    }
    c.dateRange("time", t.start(), t.end());
    ZoneId zone = c.zone("time.zone", t.zone());
    TemporalAmount window = c.window("time.window", t.window(), true);
    return new TimeRange(t.start(), t.end(), zone, window, Check.text(t.window(), null));
  }

  private static ReleaseRequest.Privacy privacy(Check c, Sections.Privacy p) {
    if (c.section("privacy", p) == null) {
      return new ReleaseRequest.Privacy(null, ReleaseMode.FULL_DOMAIN, 0L, null);
    }
    ReleaseMode mode = ReleaseMode.ofLabel(Check.text(p.release(), ReleaseMode.FULL_DOMAIN.label()));
    if (mode == null) {
      c.problem("privacy.release", "must be full_domain or partition_selection");
      mode = ReleaseMode.FULL_DOMAIN;
    }
    String mechanism = Check.text(p.mechanism(), DiscreteLaplaceMechanism.NAME);
    Guarantee guarantee = null;
    if (mechanism.equals(DiscreteLaplaceMechanism.NAME)) {
      Rational epsilon = c.positive("privacy.epsilon", p.epsilon(), MAX_EPSILON, true);
      if (p.rho() != null) {
        c.problem("privacy.rho", "only for the discrete_gaussian mechanism; discrete_laplace takes epsilon");
      }
      if (p.delta() != null) {
        c.problem("privacy.delta", "only for the discrete_gaussian mechanism; discrete_laplace is pure DP");
      }
      if (mode == ReleaseMode.PARTITION_SELECTION) {
        c.problem("privacy.release", "partition_selection uses the discrete_gaussian mechanism (zCDP with a"
            + " selection delta); set privacy.mechanism: discrete_gaussian and privacy.rho");
      }
      guarantee = epsilon == null ? null : new Guarantee.PureDp(epsilon);
    } else if (mechanism.equals(DiscreteGaussianMechanism.NAME)) {
      Rational rho = c.positive("privacy.rho", p.rho(), MAX_RHO, true);
      Rational delta = p.delta() == null ? DEFAULT_DELTA : c.positive("privacy.delta", p.delta(), MAX_DELTA, false);
      if (p.epsilon() != null) {
        c.problem("privacy.epsilon", "the discrete_gaussian mechanism takes rho (zCDP), not epsilon");
      }
      Rational selection = Rational.ZERO;
      if (mode == ReleaseMode.PARTITION_SELECTION) {
        selection = p.selectionDelta() == null ? DEFAULT_SELECTION_DELTA
            : c.positive("privacy.selection_delta", p.selectionDelta(), MAX_SELECTION_DELTA, false);
      }
      guarantee = rho == null || delta == null || selection == null ? null : new Guarantee.Zcdp(rho, delta, selection);
    } else {
      c.problem("privacy.mechanism", "must be discrete_laplace or discrete_gaussian");
    }
    if (p.selectionDelta() != null && mode != ReleaseMode.PARTITION_SELECTION) {
      c.problem("privacy.selection_delta", "only with release: partition_selection");
    }
    Long minCount = p.minCount() == null ? null
        : c.integer("privacy.min_count", p.minCount(), 0, Long.MAX_VALUE / 4, false, 0);
    ReleaseRequest.EmptyCells empty = emptyCells(c, p.emptyCells());
    if (mode == ReleaseMode.PARTITION_SELECTION) {
      if (p.emptyCells() != null) {
        c.problem("privacy.empty_cells", "a partition selection never publishes an empty cell; set at most a"
            + " min_count floor");
      }
      minCount = minCount == null ? 0L : minCount;
    } else if ((p.minCount() == null) == (p.emptyCells() == null)) {
      c.missing("privacy.min_count", "set min_count (k) or empty_cells (a target from which k is derived),"
          + " one of the two");
    }
    return new ReleaseRequest.Privacy(guarantee, mode, minCount, empty);
  }

  private static ReleaseRequest.EmptyCells emptyCells(Check c, Sections.EmptyCells e) {
    if (e == null) {
      return null;
    }
    String at = "privacy.empty_cells";
    if ((e.maxExpectedPerWindow() == null) == (e.maxShare() == null)) {
      c.problem(at, "set max_expected_per_window or max_share, one of the two");
      return null;
    }
    if (e.maxExpectedPerWindow() != null) {
      if (e.expectedNonEmptyPerWindow() != null) {
        c.problem(at + ".expected_nonempty_per_window", "only with max_share");
      }
      Rational max = c.positive(at + ".max_expected_per_window", e.maxExpectedPerWindow(), Rational.of(1_000_000, 1),
          true);
      return max == null ? null : new ReleaseRequest.EmptyCells(max, null, null);
    }
    Rational share = c.positive(at + ".max_share", e.maxShare(), Rational.of(1, 2), true);
    if (e.expectedNonEmptyPerWindow() == null) {
      c.missing(at + ".expected_nonempty_per_window", "required with max_share (how many cells per window that"
          + " hold devices you expect to be published)");
      return null;
    }
    long n = c.integer(at + ".expected_nonempty_per_window", e.expectedNonEmptyPerWindow(), 1, Long.MAX_VALUE / 4,
        true, 1);
    return share == null ? null : new ReleaseRequest.EmptyCells(null, share, n);
  }

  private static ReleaseRequest.Metrics metrics(Check c, Sections.Metrics m) {
    if (c.section("metrics", m) == null) {
      return new ReleaseRequest.Metrics(null, null);
    }
    ReleaseRequest.Od od = null;
    ReleaseRequest.Presence presence = null;
    Rational total = Rational.ZERO;
    boolean sharesKnown = true;
    if (m.od() != null) {
      Rational share = share(c, "metrics.od", m.od().budgetShare());
      long l = c.integer("metrics.od.max_transitions_per_device", m.od().maxTransitionsPerDevice(), 1, MAX_BOUND,
          true, 1);
      od = new ReleaseRequest.Od(share, (int) l);
      sharesKnown &= share != null;
      total = share == null ? total : total.plus(share);
    }
    if (m.presence() != null) {
      Rational share = share(c, "metrics.presence", m.presence().budgetShare());
      long w = c.integer("metrics.presence.max_windows_per_device", m.presence().maxWindowsPerDevice(), 1,
          MAX_BOUND, true, 1);
      presence = new ReleaseRequest.Presence(share, (int) w);
      sharesKnown &= share != null;
      total = share == null ? total : total.plus(share);
    }
    ReleaseRequest.HomePresence homePresence = null;
    if (m.homePresence() != null) {
      Rational share = share(c, "metrics.home_presence", m.homePresence().budgetShare());
      long w = c.integer("metrics.home_presence.max_windows_per_device", m.homePresence().maxWindowsPerDevice(), 1,
          MAX_BOUND, true, 1);
      homePresence = new ReleaseRequest.HomePresence(share, (int) w);
      sharesKnown &= share != null;
      total = share == null ? total : total.plus(share);
    }
    ReleaseRequest.HomeOd homeOd = null;
    if (m.homeOd() != null) {
      Rational share = share(c, "metrics.home_od", m.homeOd().budgetShare());
      long l = c.integer("metrics.home_od.max_transitions_per_device", m.homeOd().maxTransitionsPerDevice(), 1,
          MAX_BOUND, true, 1);
      homeOd = new ReleaseRequest.HomeOd(share, (int) l);
      sharesKnown &= share != null;
      total = share == null ? total : total.plus(share);
    }
    ReleaseRequest.Total windowTotal = null;
    if (m.total() != null) {
      Rational share = m.total().budgetShare() == null ? null
          : c.positive("metrics.total.budget_share", m.total().budgetShare(), Rational.ONE, false);
      if (m.total().budgetShare() == null) {
        c.missing("metrics.total.budget_share", "required: the totals' own share of the budget");
      }
      ReleaseRequest.TotalOf of = totalOf(c, m.total().of(), od != null, presence != null);
      Integer bound = m.total().maxWindowsPerDevice() == null ? null : (int) c.integer(
          "metrics.total.max_windows_per_device", m.total().maxWindowsPerDevice(), 1, MAX_BOUND, false, 1);
      windowTotal = share == null || of == null ? null : new ReleaseRequest.Total(share, of, bound);
      sharesKnown &= share != null;
      total = share == null ? total : total.plus(share);
    }
    if (od == null && presence == null && homePresence == null && homeOd == null) {
      c.problem("metrics", "name od, presence or both (or home_presence, home_od)");
    } else if (sharesKnown && !total.equals(Rational.ONE)) {
      c.problem("metrics", "the budget shares add up to " + Decimals.plain(total) + ", not 1");
    }
    return new ReleaseRequest.Metrics(od, presence, windowTotal, homePresence, homeOd, null);
  }

  /** Which cell metric the totals add up: named, or the only one asked for. */
  private static ReleaseRequest.TotalOf totalOf(Check c, String of, boolean od, boolean presence) {
    String at = "metrics.total.of";
    if (of != null && of.strip().startsWith("home_")) {
      c.problem(at, "home metrics have no window totals (a home_presence window total would be the presence"
          + " total: ask for presence with metrics.total.of: presence); must be od or presence");
      return null;
    }
    if (of == null) {
      if (!od && !presence) {
        c.problem(at, "window totals are of od or presence, which the request does not ask for (home metrics"
            + " have none)");
        return null;
      }
      if (od && presence) {
        c.missing(at, "required when both od and presence are asked for: od or presence");
        return null;
      }
      return od ? ReleaseRequest.TotalOf.OD : presence ? ReleaseRequest.TotalOf.PRESENCE : null;
    }
    for (ReleaseRequest.TotalOf t : ReleaseRequest.TotalOf.values()) {
      if (t.label().equals(of.strip())) {
        if ((t == ReleaseRequest.TotalOf.OD && !od) || (t == ReleaseRequest.TotalOf.PRESENCE && !presence)) {
          c.problem(at, "names " + t.label() + ", which the request does not ask for");
          return null;
        }
        return t;
      }
    }
    c.problem(at, "must be od or presence");
    return null;
  }

  /** A metric's budget share, in (0, 1]; 1 when omitted (a lone metric). */
  private static Rational share(Check c, String metric, java.math.BigDecimal share) {
    return share == null ? Rational.ONE : c.positive(metric + ".budget_share", share, Rational.ONE, false);
  }
}
