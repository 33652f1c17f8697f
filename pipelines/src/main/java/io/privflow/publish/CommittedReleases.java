package io.privflow.publish;

import io.privflow.files.Digests;
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
   * is missing; if something is there, checks that it is that release: its MANIFEST.json must be
   * the one whose SHA-256 the ledger recorded at commit, and every file must match the manifest.
   * Returns the problems found (none: the committed release is at the location).
   */
  public List<String> restore(String requestId, Path location, String committedManifestSha256) throws IOException {
    Path copy = copyOf(requestId);
    if (!Files.isDirectory(copy) || !isTheCommitted(copy, committedManifestSha256)) {
      throw new ReleaseFailedException("request " + requestId + " is committed in the ledger but the custodian's"
          + " copy " + copy + " is " + (Files.isDirectory(copy) ? "not the committed one" : "missing")
          + "; ask the custodian");
    }
    if (Files.exists(location)) {
      if (!Files.isRegularFile(location.resolve(Manifest.FILE))) {
        return List.of("it holds no " + Manifest.FILE);
      }
      if (!Digests.sha256(location.resolve(Manifest.FILE)).equals(committedManifestSha256)) {
        return List.of("its " + Manifest.FILE + " is not the one recorded in the ledger at commit");
      }
      return Manifest.verify(location);
    }
    Path tmp = location.resolveSibling(".privflow-restore-" + location.getFileName() + "-" + UUID.randomUUID());
    Files.createDirectories(location.toAbsolutePath().getParent());
    FileTrees.copyFlat(copy, tmp);
    PublishRelease.moveIntoPlace(tmp, location);
    return List.of();
  }

  private static boolean isTheCommitted(Path dir, String manifestSha256) throws IOException {
    Path m = dir.resolve(Manifest.FILE);
    return Files.isRegularFile(m) && Digests.sha256(m).equals(manifestSha256) && Manifest.verify(dir).isEmpty();
  }

}
