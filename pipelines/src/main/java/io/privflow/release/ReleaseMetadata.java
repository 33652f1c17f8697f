package io.privflow.release;

import io.privflow.cli.Version;
import io.privflow.job.ReleasePlan;
import io.privflow.privacy.DiscreteLaplaceMechanism;
import io.privflow.request.ReleaseRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code release.json}: public parameters and counts of released and suppressed
 * cells, both functions of the noisy output. Nothing here is computed from true data.
 */
final class ReleaseMetadata {
  static final String PRIVACY_UNIT =
      "one device (one pseudonymised subscriber or device identifier) over the whole release period";

  private ReleaseMetadata() {}

  static Map<String, Object> of(ReleasePlan plan, long released, String createdAt, List<String> files) {
    ReleaseRequest r = plan.request();
    int bound = r.privacy().maxTransitionsPerDevice();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("privflow_version", Version.current());
    m.put("request_id", r.requestId());
    m.put("dataset", r.dataset());
    m.put("created_at", createdAt);
    m.put("metric", "origin_destination");
    m.put("privacy_unit", PRIVACY_UNIT);
    m.put("guarantee", "epsilon-differential privacy (pure DP) for the privacy unit: adding or removing all"
        + " records of any one device changes the probability of any output by at most a factor e^epsilon");
    Map<String, Object> mech = new LinkedHashMap<>();
    mech.put("name", plan.releaser().mechanism().name());
    mech.put("epsilon", r.privacy().epsilonText());
    mech.put("delta", 0);
    mech.put("l1_sensitivity", bound);
    if (plan.releaser().mechanism() instanceof DiscreteLaplaceMechanism lap) {
      mech.put("scale", lap.scale().toString());
    }
    double sd = plan.releaser().mechanism().standardDeviation();
    mech.put("noise_standard_deviation", round(sd));
    mech.put("randomness", "java.security.SecureRandom (DRBG), exact integer sampling");
    m.put("mechanism", mech);
    m.put("contribution_bound", Map.of("max_transitions_per_device", bound));
    m.put("min_count", plan.releaser().minCount());
    m.put("threshold_rule", "a cell is released only if its noisy count is at least min_count;"
        + " the threshold never sees a true count");
    Map<String, Object> time = new LinkedHashMap<>();
    time.put("start", r.time().start().toString());
    time.put("end_exclusive", r.time().end().toString());
    time.put("zone", r.time().zone().getId());
    time.put("window", r.time().windowText());
    time.put("windows", plan.windows().count());
    time.put("transition_slots", plan.domain().slots());
    m.put("time_range", time);
    Map<String, Object> regions = new LinkedHashMap<>();
    regions.put("file", plan.regions().name());
    regions.put("sha256", plan.regions().sha256());
    regions.put("id_property", r.regions().idProperty());
    regions.put("count", plan.regions().size());
    regions.put("ids", plan.regions().regions().stream().map(x -> x.id()).toList());
    m.put("region_set", regions);
    Map<String, Object> cells = new LinkedHashMap<>();
    cells.put("domain", plan.domain().size());
    cells.put("released", released);
    cells.put("suppressed", plan.domain().size() - released);
    m.put("cells", cells);
    m.put("semantics", "each row counts devices located in origin_region during [window_start, window_end)"
        + " and in destination_region during the next window (staying put included); a device is"
        + " located in a window at its modal region by event count; absent rows were suppressed");
    m.put("files", files);
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
