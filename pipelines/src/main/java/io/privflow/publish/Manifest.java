package io.privflow.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.privflow.files.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code MANIFEST.json}: every file of a release with its size and SHA-256, written last. A
 * recipient checks the files against it; privflow records the manifest's own digest in the ledger.
 */
public final class Manifest {
  public static final String FILE = "MANIFEST.json";

  private Manifest() {}

  /** Writes the manifest of every other file in {@code dir}; returns the manifest's SHA-256. */
  public static String write(Path dir, String requestId) throws IOException {
    Map<String, Object> files = new LinkedHashMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
        if (f.getFileName().toString().equals(FILE)) {
          continue;
        }
        files.put(f.getFileName().toString(), Map.of("bytes", Files.size(f), "sha256", Digests.sha256(f)));
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("request_id", requestId);
    m.put("algorithm", "SHA-256");
    m.put("files", files);
    Path out = dir.resolve(FILE);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), m);
    return Digests.sha256(out);
  }

  /**
   * The files a manifest lists, checked against the directory (every listed file present with its
   * SHA-256, and no file that it does not list); returns the problems found.
   */
  public static List<String> verify(Path dir) throws IOException {
    var tree = new ObjectMapper().readTree(dir.resolve(FILE).toFile()).path("files");
    List<String> problems = new java.util.ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.equals(FILE) && !tree.has(name)) {
          problems.add(name + " is not in the manifest");
        }
      }
    }
    for (var it = tree.fields(); it.hasNext(); ) {
      var e = it.next();
      Path f = dir.resolve(e.getKey());
      if (!Files.isRegularFile(f)) {
        problems.add(e.getKey() + " is missing");
      } else if (!Digests.sha256(f).equals(e.getValue().path("sha256").asText())) {
        problems.add(e.getKey() + " does not match its SHA-256");
      }
    }
    return problems;
  }

}
