package io.privflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a run left beside its release location: work directories (which may hold noisy values), and
 * the placeholder files of failed runs, checked here to hold nothing but an owner's name.
 */
public final class WorkLeftovers {
  /** The name every work directory starts with (the release package's {@code WorkDirectory.PREFIX}). */
  public static final String PREFIX = ".privflow-work-";

  private WorkLeftovers() {}

  /** The work directories in {@code parent}, after checking that every other work-named entry is a placeholder. */
  public static List<Path> directories(Path parent) throws IOException {
    try (Stream<Path> s = Files.list(parent)) {
      List<Path> named = s.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList();
      for (Path p : named) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
          String content = Files.readString(p, StandardCharsets.UTF_8);
          assertTrue(content.isEmpty() || content.matches("[^:\\s]+:[0-9]+"), "a placeholder holds only its owner");
        } else {
          assertTrue(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS), p + " is neither a directory nor a placeholder");
        }
      }
      return named.stream().filter(p -> !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
    }
  }
}
