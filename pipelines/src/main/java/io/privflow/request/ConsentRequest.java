package io.privflow.request;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAmount;
import java.util.List;

/**
 * A validated consent-export request: parsed once by {@link ConsentRequestParser}; every path is
 * absolute. Unlike a release request it names subjects, so the request file itself is personal data
 * and stays with the custodian.
 *
 * @param subjects the raw identifiers asked for, in request order; empty when {@code allConsenting}
 * @param registry consent registry files (CSV or Parquet, globs allowed); empty when the request
 *     names none, which the run refuses (and audits)
 */
public record ConsentRequest(
    Header header,
    LocalDate start,
    LocalDate end,
    ZoneId zone,
    boolean allConsenting,
    List<String> subjects,
    Detail detail,
    TemporalAmount window,
    String windowText,
    List<String> networkEvents,
    List<String> gpsEvents,
    List<String> cells,
    List<String> registry,
    Path regionsFile,
    String regionIdProperty,
    String regionNameProperty,
    Path keyFile,
    Path outputDirectory,
    Path custodianDirectory,
    Path requestFile) {

  public ConsentRequest {
    subjects = List.copyOf(subjects);
    networkEvents = List.copyOf(networkEvents);
    gpsEvents = List.copyOf(gpsEvents);
    cells = List.copyOf(cells);
    registry = List.copyOf(registry);
  }

  /**
   * What the audit log records about a request, read even from a request that is refused.
   *
   * @param subjectsRequested "all" or the number of subjects listed
   */
  public record Header(String requester, String purpose, String legalBasis, String subjectsRequested) {
    public static final Header UNREADABLE = new Header("", "", "", "");
  }

  /** How much location detail the export holds per subject. */
  public enum Detail {
    /** The subject's modal region per time window, from the consented events only. */
    REGION_PER_WINDOW("region_per_window"),
    /** Every consented event with its time and point (GPS fix or serving cell). */
    RAW_POINTS("raw_points");

    private final String label;

    Detail(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public long startMillis() {
    return start.atStartOfDay(zone).toInstant().toEpochMilli();
  }

  public long endMillis() {
    return end.atStartOfDay(zone).toInstant().toEpochMilli();
  }
}
