package io.privflow.files;

import io.privflow.PrivflowException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Directories that hold the custodian's secrets and records: created owner-only, refused otherwise. */
public final class OwnerOnly {
  private OwnerOnly() {}

  /** A directory that cannot be used as an owner-only one. */
  public static final class ExposedException extends PrivflowException {
    public ExposedException(String message) {
      super(message);
    }
  }

  /**
   * {@code dir}, created with mode 700 (its parents as usual) when it does not exist; refused when
   * it exists and its group or others have any permission on it.
   *
   * @param what what it holds, for the message ("the ledger and the releases' copies")
   */
  public static Path directory(Path dir, String what) {
    try {
      if (!Files.exists(dir)) {
        Files.createDirectories(dir.toAbsolutePath().getParent());
        try {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
          // another run made it between the check and here (two started together): its mode is checked below
        }
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
      for (PosixFilePermission p : perms) {
        if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
          throw new ExposedException(dir + " can be read by others (" + PosixFilePermissions.toString(perms)
              + "); it holds " + what + ": chmod 700 " + dir);
        }
      }
      return dir;
    } catch (UnsupportedOperationException e) {
      throw new ExposedException("cannot check who may read " + dir + " (not a POSIX file system); it holds " + what);
    } catch (IOException e) {
      throw new ExposedException("cannot create " + dir + " (" + e.getClass().getSimpleName() + "); it would hold "
          + what);
    }
  }
}
