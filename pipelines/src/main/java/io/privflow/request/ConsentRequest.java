package io.privflow.request;

import java.nio.file.Path;
import java.util.List;

/**
 * A validated consent-export request: parsed once by {@link ConsentRequestParser}; every path is
 * absolute. Unlike a release request it names subjects, so the request file itself is personal data
 * and stays with the custodian.
 *
 * @param subjects the raw identifiers asked for, in request order; empty when {@code allConsenting}
 * @param time the export's time range; its window is {@code output.window} (region_per_window only)
 * @param registry consent registry files (CSV or Parquet, globs allowed); empty when the request
 *     names none, which the run refuses (and audits)
 * @param regions the region file, with region_per_window only (else null)
 */
public record ConsentRequest(
    Header header,
    TimeRange time,
    boolean allConsenting,
    List<String> subjects,
    Detail detail,
    Inputs inputs,
    List<String> registry,
    Regions regions,
    Path outputDirectory,
    Path requestFile) {

  public ConsentRequest {
    subjects = List.copyOf(subjects);
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
}
