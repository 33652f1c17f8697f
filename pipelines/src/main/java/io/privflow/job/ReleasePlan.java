package io.privflow.job;

import io.privflow.locate.WindowScheme;
import io.privflow.privacy.CountReleaser;
import io.privflow.privacy.OdDomain;
import io.privflow.regions.RegionSet;
import io.privflow.request.ReleaseRequest;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Everything a release run needs, resolved on the driver before any event is read: the request,
 * the loaded regions, the windows, the public domain and the release rule.
 *
 * @param workDirectory private scratch space beside the release location (same file system, so
 *     publishing is one atomic rename)
 */
public record ReleasePlan(
    ReleaseRequest request,
    RegionSet regions,
    WindowScheme windows,
    OdDomain domain,
    CountReleaser releaser,
    Path workDirectory) implements Serializable {

  public Path noisyCellsDirectory() {
    return workDirectory.resolve("noisy");
  }

  public Path stagingDirectory() {
    return workDirectory.resolve("release");
  }

  public Path rejectedDirectory() {
    return request.custodianDirectory().resolve("rejected");
  }
}
