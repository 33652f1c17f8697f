package io.privflow.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/** The files an input pattern names, on the driver: a path, or a glob in its last segment. */
public final class InputFiles {
  private InputFiles() {}

  public static boolean isGlob(String pattern) {
    return pattern.contains("*") || pattern.contains("?");
  }

  /** Matching regular files, sorted; empty when none (the caller says what that means). */
  public static List<Path> expand(String pattern) throws IOException {
    Path p = Path.of(pattern);
    if (!isGlob(pattern)) {
      return Files.isRegularFile(p) ? List.of(p) : List.of();
    }
    Path dir = p.getParent();
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p.getFileName());
    if (dir == null || !Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> Files.isRegularFile(f) && m.matches(f.getFileName())).sorted().toList();
    }
  }
}
