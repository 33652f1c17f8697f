package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
final class WorkLeftovers {
  private WorkLeftovers() {}

  /** The work directories in {@code parent}, after checking that every other work-named entry is a placeholder. */
  static List<Path> directories(Path parent) throws Exception {
    try (Stream<Path> s = Files.list(parent)) {
      List<Path> named = s.filter(p -> p.getFileName().toString().startsWith(WorkDirectory.PREFIX)).toList();
      for (Path p : named) {
        if (WorkDirectory.isPlaceholder(p)) {
          assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
          String content = Files.readString(p, StandardCharsets.UTF_8);
          assertTrue(content.isEmpty() || content.matches("[^:\\s]+:[0-9]+"), "a placeholder holds only its owner");
        } else {
          assertTrue(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS), p + " is neither a directory nor a placeholder");
        }
      }
      return named.stream().filter(p -> !WorkDirectory.isPlaceholder(p)).toList();
    }
  }
}
