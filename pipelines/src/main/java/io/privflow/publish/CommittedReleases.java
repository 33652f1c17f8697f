package io.privflow.publish;

import io.privflow.files.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;

/**
 * The custodian's copy of every committed release, in the state directory. A re-run of a committed
 * request returns this copy byte for byte instead of drawing fresh noise (which would spend budget
 * again and let a requester average the noise away).
 */
public final class CommittedReleases {
  private final Path root;

  public CommittedReleases(Path root) {
    this.root = root;
  }

  public Path copyOf(String requestId) {
    return root.resolve(requestId);
  }

  /** Keeps a copy of the staged release before the ledger commits it. */
  public void keep(String requestId, Path staged) throws IOException {
    Path target = copyOf(requestId);
    Path tmp = root.resolve("." + requestId + "-" + UUID.randomUUID());
    FileTrees.copyFlat(staged, tmp);
    if (Files.exists(target)) {
      FileTrees.delete(target); // a copy left by a run that died before its commit
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Makes the committed release visible at {@code location}: restores it there (atomically) if it
   * is missing; checks it against its manifest if it is there. Returns the problems found.
   */
  public List<String> restore(String requestId, Path location) throws IOException {
    Path copy = copyOf(requestId);
    if (!Files.isDirectory(copy)) {
      throw new ReleaseFailedException("request " + requestId + " is committed in the ledger but its copy "
          + copy + " is missing; ask the custodian");
    }
    if (Files.exists(location)) {
      return Manifest.verify(location);
    }
    Path tmp = location.resolveSibling(".privflow-restore-" + location.getFileName() + "-" + UUID.randomUUID());
    Files.createDirectories(location.toAbsolutePath().getParent());
    FileTrees.copyFlat(copy, tmp);
    PublishRelease.moveIntoPlace(tmp, location);
    return List.of();
  }

}
