package io.privflow.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Every problem found in one configuration file, each as {@code field.path: what is wrong}, so a
 * user fixes the file in one go. A problem names the field and the rule, never the value found
 * there: a request may hold identifiers, and a typo in one field could too.
 */
public final class Problems {
  private final List<String> found = new ArrayList<>();

  public void add(String path, String message) {
    found.add(path.isEmpty() ? message : path + ": " + message);
  }

  /** Whether a problem was already found at {@code path} (so "required" is not added to "must be a number"). */
  public boolean has(String path) {
    return found.stream().anyMatch(f -> f.startsWith(path + ": "));
  }

  public boolean isEmpty() {
    return found.isEmpty();
  }

  public List<String> list() {
    return List.copyOf(found);
  }
}
