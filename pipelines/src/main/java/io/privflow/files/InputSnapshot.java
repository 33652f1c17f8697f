package io.privflow.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The input files a run reads, pinned when the run starts: each with its size and modification
 * time. The run reads exactly these files (a file added to a glob later is not read), and checks
 * after reading that none of them changed, so a file truncated or rewritten during the run fails
 * it instead of being published from part of its records.
 */
public record InputSnapshot(List<Entry> files) {

  /** One pinned file. */
  public record Entry(String kind, Path file, long size, long modifiedMillis, Object key) {}

  public InputSnapshot {
    files = List.copyOf(files);
  }

  /** Pins {@code paths} of one input kind. */
  public static List<Entry> pin(String kind, List<Path> paths) throws IOException {
    List<Entry> out = new ArrayList<>();
    for (Path p : paths) {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      out.add(new Entry(kind, p, a.size(), a.lastModifiedTime().toMillis(), a.fileKey()));
    }
    return out;
  }

  /** The pinned files of one kind, as the paths the pipeline reads. */
  public List<String> paths(String kind) {
    return files.stream().filter(e -> e.kind().equals(kind)).map(e -> e.file().toString()).toList();
  }

  /** The files that changed, vanished or were replaced since they were pinned (names only). */
  public List<String> changed() {
    List<String> out = new ArrayList<>();
    for (Entry e : files) {
      try {
        BasicFileAttributes a = Files.readAttributes(e.file(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.size() != e.size() || a.lastModifiedTime().toMillis() != e.modifiedMillis()
            || (e.key() != null && !e.key().equals(a.fileKey()))) {
          out.add(e.file().toString());
        }
      } catch (IOException x) {
        out.add(e.file().toString());
      }
    }
    return out;
  }
}
