package io.privflow.release;

import io.privflow.files.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * A run's private scratch space, beside the release location (the same file system, so publishing
 * is one atomic rename): {@code .privflow-work-<uuid>}, owner-only from the moment it exists, with a
 * file naming the process that owns it. Unique per run and never matched by a name's prefix; a
 * later run removes only the work directories whose owner process is gone.
 *
 * <p>A failed run's directory is replaced by a placeholder file of the same name (see {@link
 * #destroyAndBar}), which a later run removes in the same way.
 */
final class WorkDirectory {
  static final String PREFIX = ".privflow-work-";
  private static final String OWNER_FILE = "owner";

  private WorkDirectory() {}

  /** Creates a new work directory beside {@code target}, owner-only, naming this process as its owner. */
  static Path create(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path dir = parent.resolve(PREFIX + UUID.randomUUID());
    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.writeString(dir.resolve(OWNER_FILE), Owner.current(), StandardCharsets.UTF_8);
    return dir;
  }

  /**
   * Deletes a run's work directory, trying again for a few seconds while files still appear in it
   * (a failed pipeline's worker threads may still be finishing a write); whether it is gone.
   */
  static boolean destroy(Path dir) {
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        FileTrees.delete(dir);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
          return true;
        }
      } catch (IOException e) {
        // a file appeared or vanished while the tree was walked: walk it again
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
      }
    }
    return false;
  }

  /**
   * Destroys a failed run's work directory for good: renames it away, puts an owner-only
   * placeholder file at its path, naming this process, and deletes the renamed tree. A worker thread of the failed pipeline that is still
   * finishing a write then cannot create the directory again (its parent directories are created on
   * demand) and leave noisy values there after the reservation was given back: seen with the
   * DirectRunner, whose late thread re-created {@code noisy/.temp-beam-*} with default permissions
   * after the tree had been deleted. The placeholder holds no data. Whether the path is barred and
   * the tree gone (if not, the noisy values may still exist and the run's reservation is kept).
   */
  static boolean destroyAndBar(Path dir) {
    Path grave = dir.resolveSibling(dir.getFileName() + ".removed");
    boolean barred = false;
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        if (!barred) {
          // Renamed away first, in one step: a writer only knows the old path, so between the rename
          // and the placeholder it has a moment to create a directory again, not the time a whole
          // tree takes to delete.
          if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            FileTrees.delete(grave);
            Files.move(dir, grave, StandardCopyOption.ATOMIC_MOVE);
          }
          Files.createFile(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          barred = true;
          try {
            Files.writeString(dir, Owner.current(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            // a full disk: an empty placeholder bars the path all the same; it names no owner, so it stays
          }
        }
        // the renamed tree is still owner-only and named like a work directory: until it is gone,
        // the run's noisy values exist, and the caller keeps the reservation
        FileTrees.delete(grave);
        return true;
      } catch (FileAlreadyExistsException e) {
        // a worker created the directory again between the rename and the placeholder: again
      } catch (IOException e) {
        // a file appeared or vanished while a tree was walked: again
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /** Whether {@code path} is a failed run's placeholder rather than a work directory. */
  static boolean isPlaceholder(Path path) {
    return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
  }

  /** Removes the work directories (and placeholders) beside {@code target} left by runs whose process is gone. */
  static void removeDead(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(parent, p -> p.getFileName().toString().startsWith(PREFIX))) {
      for (Path dir : s) {
        Path owner = isPlaceholder(dir) ? dir : dir.resolve(OWNER_FILE);
        String who = Files.isRegularFile(owner) ? Files.readString(owner, StandardCharsets.UTF_8).strip() : null;
        if (who != null && Owner.isDeadLocalProcess(who)) {
          FileTrees.delete(dir);
        }
      }
    }
  }
}
