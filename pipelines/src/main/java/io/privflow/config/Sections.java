package io.privflow.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The sections of the configuration files (a release request, a consent-export request and the
 * custodian policy), exactly as they are written in YAML. A request has no say over the
 * custodian's secrets and locations: the pseudonymisation key and the custodian-only directory are
 * fields of the policy only. Everything here is unchecked:
 * each file's validator turns its document into the validated domain types, reporting problems
 * with their field paths.
 */
public final class Sections {
  private Sections() {}

  /** {@code requester}: who asks. */
  public record Requester(
      @JsonProperty("organisation") String organisation,
      @JsonProperty("contact") String contact) {}

  /** {@code inputs}: file paths or globs, one or a list each. */
  public record Inputs(
      @JsonProperty("network_events") List<String> networkEvents,
      @JsonProperty("gps_events") List<String> gpsEvents,
      @JsonProperty("cells") List<String> cells,
      @JsonProperty("consent_registry") List<String> consentRegistry) {}

  /**
   * {@code regions}: the public region file; with {@code parent_property} or {@code parents}, and
   * {@code levels}, a hierarchy of two levels (a release only).
   */
  public record Regions(
      @JsonProperty("file") String file,
      @JsonProperty("id_property") String idProperty,
      @JsonProperty("name_property") String nameProperty,
      @JsonProperty("set") String set,
      @JsonProperty("parent_property") String parentProperty,
      @JsonProperty("parents") ParentRegions parents,
      @JsonProperty("levels") Levels levels,
      @JsonProperty("grid") Grid grid,
      @JsonProperty("mapping") String mapping) {
    public Regions(String file, String idProperty, String nameProperty, String set) {
      this(file, idProperty, nameProperty, set, null, null, null, null, null);
    }

    public Regions(String file, String idProperty, String nameProperty, String set, String parentProperty,
        ParentRegions parents, Levels levels) {
      this(file, idProperty, nameProperty, set, parentProperty, parents, levels, null, null);
    }
  }

  /** {@code regions.grid}: a grid over an area in place of a region file. */
  public record Grid(
      @JsonProperty("system") String system,
      @JsonProperty("resolution") Integer resolution,
      @JsonProperty("cell_m") Integer cellM,
      @JsonProperty("area") String area) {}

  /** {@code regions.parents}: the coarse level's region file, whose polygons hold the fine ones. */
  public record ParentRegions(
      @JsonProperty("file") String file,
      @JsonProperty("id_property") String idProperty,
      @JsonProperty("name_property") String nameProperty,
      @JsonProperty("set") String set) {}

  /** {@code regions.levels}: the fine and the coarse level, each with a name and a budget share. */
  public record Levels(@JsonProperty("fine") Level fine, @JsonProperty("coarse") Level coarse) {}

  /** One level of a region hierarchy. */
  public record Level(@JsonProperty("name") String name, @JsonProperty("budget_share") BigDecimal budgetShare) {}

  /** {@code time}: local dates {@code [start, end)} in a zone, and a window length. */
  public record Time(
      @JsonProperty("start") LocalDate start,
      @JsonProperty("end") LocalDate end,
      @JsonProperty("zone") String zone,
      @JsonProperty("window") String window) {}

  /**
   * {@code privacy} of a release request. Numbers are bound as BigDecimal, whole ones too: decimals
   * stay exact, and a whole-number field holding 2.5 is reported by its rule, not truncated.
   */
  public record Privacy(
      @JsonProperty("mechanism") String mechanism,
      @JsonProperty("epsilon") BigDecimal epsilon,
      @JsonProperty("rho") BigDecimal rho,
      @JsonProperty("delta") BigDecimal delta,
      @JsonProperty("release") String release,
      @JsonProperty("selection_delta") BigDecimal selectionDelta,
      @JsonProperty("min_count") BigDecimal minCount,
      @JsonProperty("empty_cells") EmptyCells emptyCells) {}

  /**
   * {@code privacy.empty_cells}: a target for the empty cells a full-domain release may publish,
   * instead of a k; privflow derives k from it and the public domain.
   */
  public record EmptyCells(
      @JsonProperty("max_expected_per_window") BigDecimal maxExpectedPerWindow,
      @JsonProperty("max_share") BigDecimal maxShare,
      @JsonProperty("expected_nonempty_per_window") BigDecimal expectedNonEmptyPerWindow) {}

  /** {@code metrics.od}. */
  public record Od(
      @JsonProperty("budget_share") BigDecimal budgetShare,
      @JsonProperty("max_transitions_per_device") BigDecimal maxTransitionsPerDevice) {}

  /** {@code metrics.presence}. */
  public record Presence(
      @JsonProperty("budget_share") BigDecimal budgetShare,
      @JsonProperty("max_windows_per_device") BigDecimal maxWindowsPerDevice) {}

  /** {@code metrics.home_presence}. */
  public record HomePresence(
      @JsonProperty("budget_share") BigDecimal budgetShare,
      @JsonProperty("max_windows_per_device") BigDecimal maxWindowsPerDevice) {}

  /** {@code metrics.home_od}. */
  public record HomeOd(
      @JsonProperty("budget_share") BigDecimal budgetShare,
      @JsonProperty("max_transitions_per_device") BigDecimal maxTransitionsPerDevice) {}

  /** {@code home}: the night-time rule that gives each device its home region (local times, HH:MM). */
  public record Home(
      @JsonProperty("night_start") String nightStart,
      @JsonProperty("night_end") String nightEnd,
      @JsonProperty("min_nights") BigDecimal minNights) {}

  /** {@code metrics.total}: each window's total of one cell metric, as its own noisy count. */
  public record Total(
      @JsonProperty("of") String of,
      @JsonProperty("budget_share") BigDecimal budgetShare,
      @JsonProperty("max_windows_per_device") BigDecimal maxWindowsPerDevice) {}

  /** {@code metrics}. */
  public record Metrics(@JsonProperty("od") Od od, @JsonProperty("presence") Presence presence,
      @JsonProperty("total") Total total, @JsonProperty("home_presence") HomePresence homePresence,
      @JsonProperty("home_od") HomeOd homeOd) {}

  /**
   * {@code output} of either request kind ({@code detail} and {@code window} are the consent
   * export's). Where custodian-only files go is the policy's to say, never a request's: a
   * {@code custodian_directory} here, like a {@code pseudonymization} section, is read only to be
   * refused with a message that says so.
   */
  public record Output(
      @JsonProperty("directory") String directory,
      @JsonProperty("custodian_directory") JsonNode custodianDirectory,
      @JsonProperty("detail") String detail,
      @JsonProperty("window") String window,
      @JsonProperty("raw_noisy_tables") Boolean rawNoisyTables) {}

  /** A whole release request file. */
  public record ReleaseRequestFile(
      @JsonProperty("request_id") String requestId,
      @JsonProperty("dataset") String dataset,
      @JsonProperty("requester") Requester requester,
      @JsonProperty("purpose") String purpose,
      @JsonProperty("legal_basis") String legalBasis,
      @JsonProperty("retention_until") LocalDate retentionUntil,
      @JsonProperty("inputs") Inputs inputs,
      @JsonProperty("regions") Regions regions,
      @JsonProperty("time") Time time,
      @JsonProperty("privacy") Privacy privacy,
      @JsonProperty("metrics") Metrics metrics,
      @JsonProperty("output") Output output,
      @JsonProperty("pseudonymization") JsonNode pseudonymization,
      @JsonProperty("home") Home home) {}

  /**
   * A whole consent-export request file. {@code subjects} is the text {@code all_consenting} or a
   * list of identifiers; it stays a tree so that the two cannot be confused ({@code [all_consenting]}
   * is a list of one identifier).
   */
  public record ConsentRequestFile(
      @JsonProperty("requester") Requester requester,
      @JsonProperty("purpose") String purpose,
      @JsonProperty("legal_basis") String legalBasis,
      @JsonProperty("time") Time time,
      @JsonProperty("subjects") JsonNode subjects,
      @JsonProperty("inputs") Inputs inputs,
      @JsonProperty("regions") Regions regions,
      @JsonProperty("output") Output output,
      @JsonProperty("pseudonymization") JsonNode pseudonymization) {}

  /** A {@code rules} block of the policy (policy-wide, or a dataset's own). */
  public record Rules(
      @JsonProperty("max_epsilon_per_release") BigDecimal maxEpsilonPerRelease,
      @JsonProperty("max_rho_per_release") BigDecimal maxRhoPerRelease,
      @JsonProperty("min_count") BigDecimal minCount,
      @JsonProperty("min_window") String minWindow,
      @JsonProperty("allowed_region_sets") java.util.LinkedHashMap<String, RegionSet> allowedRegionSets,
      @JsonProperty("allowed_purposes") List<String> allowedPurposes,
      @JsonProperty("allowed_legal_bases") List<String> allowedLegalBases,
      @JsonProperty("max_retention") String maxRetention,
      @JsonProperty("max_reject_rate") BigDecimal maxRejectRate,
      @JsonProperty("max_domain_cells") BigDecimal maxDomainCells,
      @JsonProperty("max_expected_empty_cells_per_window") BigDecimal maxExpectedEmptyCellsPerWindow) {}

  /** An allowed region set: its file's SHA-256, or the file itself (whose digest is taken). */
  public record RegionSet(@JsonProperty("sha256") String sha256, @JsonProperty("file") String file) {}

  /** One dataset of the policy. */
  public record Dataset(
      @JsonProperty("zone") String zone,
      @JsonProperty("budget_period") String budgetPeriod,
      @JsonProperty("accounting") String accounting,
      @JsonProperty("budget") BigDecimal budget,
      @JsonProperty("delta_budget") BigDecimal deltaBudget,
      @JsonProperty("rules") Rules rules) {}

  /** The custodian policy file. */
  public record PolicyFile(
      @JsonProperty("state_directory") String stateDirectory,
      @JsonProperty("custodian_directory") String custodianDirectory,
      @JsonProperty("pseudonymization_key_file") String pseudonymizationKeyFile,
      @JsonProperty("ledger_key_file") String ledgerKeyFile,
      @JsonProperty("consent_purposes") List<String> consentPurposes,
      @JsonProperty("ledger_jdbc_url") String ledgerJdbcUrl,
      @JsonProperty("rules") Rules rules,
      @JsonProperty("datasets") java.util.LinkedHashMap<String, Dataset> datasets) {}
}
