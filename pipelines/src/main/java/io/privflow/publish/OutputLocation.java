package io.privflow.publish;

import io.privflow.PrivflowException;
import io.privflow.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Where an output (a release, or a consent export) may be published. Every check compares real
 * paths: the deepest existing ancestor is resolved (symbolic links followed), so a link cannot
 * lead an output into a place the check was meant to keep it out of.
 */
public final class OutputLocation {
  /** Files that mark a directory as a release (or a copy of one). */
  public static final List<String> RELEASE_MARKERS = List.of("release.json", Manifest.FILE);

  private OutputLocation() {}

  /** An output location privflow refuses; nothing was read or spent. */
  public static final class RefusedException extends PrivflowException {
    public RefusedException(String message) {
      super(message);
    }
  }

  /**
   * Refuses {@code target} when it exists, or when its real path lies inside the state directory,
   * the custodian directory or another release (a directory holding release.json or MANIFEST.json).
   *
   * @param field the request field that names it, for the message
   */
  public static Path check(Path target, String field, Policy policy) {
    Path real = realPath(target);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new RefusedException(field + " " + target + " exists already; an output is never written into or over"
          + " an existing one");
    }
    for (Path forbidden : List.of(policy.stateDirectory(), policy.custodianDirectory())) {
      Path f = realPath(forbidden);
      if (real.startsWith(f) || f.startsWith(real)) {
        throw new RefusedException(field + " " + target + " is inside (or holds) the custodian's "
            + (forbidden.equals(policy.stateDirectory()) ? "state" : "custodian-only") + " directory " + forbidden);
      }
    }
    for (Path d = real.getParent(); d != null; d = d.getParent()) {
      for (String marker : RELEASE_MARKERS) {
        if (Files.exists(d.resolve(marker))) {
          throw new RefusedException(field + " " + target + " is inside another release (" + d + " holds " + marker
              + "); outputs are never written into a release");
        }
      }
    }
    return real;
  }

  /**
   * The real path of {@code p}: its deepest existing ancestor resolved with links followed, and
   * the rest of the path appended (normalised, so ".." cannot climb out afterwards).
   */
  public static Path realPath(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path existing = abs;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
    } catch (IOException e) {
      return abs;
    }
  }
}
