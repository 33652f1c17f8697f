package io.privflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages of the release jar in layers whose imports only point down. Each package may use
 * the packages listed before it and no package listed after it, so there can be no cycle. A new
 * package must be placed here (an unlisted package fails the test), which is the moment to decide
 * where it belongs.
 */
class LayersTest {
  /** Lowest first. The groups are for the reader; the rule is the order of the whole list. */
  static final List<List<String>> LAYERS = List.of(
      // foundations: the error base, files, the types along the flow, rejections and tallies, the
      // engine's runners and counters, the privacy maths and its ledger, configuration
      List.of("", "files", "model", "rejects", "privacy", "consistency", "engine", "config", "request", "policy",
          "privacy.ledger"),
      // the pipeline stages, in data-flow order
      List.of("ingest", "pseudonymize", "regions", "locate", "bounding"),
      // the release plan and what is written from it
      List.of("plan", "report", "publish"),
      // orchestration
      List.of("release", "consent"),
      // commands
      List.of("cli"));

  private static final Pattern PACKAGE = Pattern.compile("^package io\\.privflow(\\.[a-z.]+)?;", Pattern.MULTILINE);
  /** An import, static import or fully qualified use of a privflow class. */
  private static final Pattern USE = Pattern.compile("\\bio\\.privflow((?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");

  static List<String> order() {
    return LAYERS.stream().flatMap(List::stream).toList();
  }

  /** Every use of a package listed after the user's own, as "file: from -> to". */
  static List<String> violations(Path sourceRoot) {
    List<String> order = order();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String text = Files.readString(f);
        Matcher pm = PACKAGE.matcher(text);
        if (!pm.find()) {
          continue;
        }
        String own = pm.group(1) == null ? "" : pm.group(1).substring(1);
        if (own.equals("schemas")) {
          continue; // generated Avro classes
        }
        int rank = order.indexOf(own);
        if (rank < 0) {
          found.add(sourceRoot.relativize(f) + ": package " + own + " is in no layer (add it to LayersTest.LAYERS)");
          continue;
        }
        Matcher m = USE.matcher(text.substring(pm.end()));
        Set<String> targets = new TreeSet<>();
        while (m.find()) {
          targets.add(m.group(1).isEmpty() ? "" : m.group(1).substring(1));
        }
        for (String t : targets) {
          if (t.equals(own) || t.equals("schemas")) {
            continue;
          }
          int to = order.indexOf(t);
          if (to < 0 || to > rank) {
            found.add(sourceRoot.relativize(f) + ": " + (own.isEmpty() ? "io.privflow" : own) + " -> " + t);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  @Test
  void everyImportPointsDown() {
    Path main = Fixtures.projectRoot().resolve("pipelines/src/main/java");
    assertTrue(Files.isDirectory(main.resolve("io/privflow")), main.toString());
    assertEquals(List.of(), violations(main));
  }

  @Test
  void everyListedPackageExists() {
    Path root = Fixtures.projectRoot().resolve("pipelines/src/main/java/io/privflow");
    for (String p : order()) {
      assertTrue(Files.isDirectory(root.resolve(p.replace('.', '/'))), "listed package " + p + " is missing");
    }
  }

  /** The check would catch the mistake it exists for: a stage that imports a command. */
  @Test
  void aPlantedUpwardImportIsCaught(@TempDir Path dir) throws IOException {
    Path ingest = Files.createDirectories(dir.resolve("io/privflow/ingest"));
    Files.writeString(ingest.resolve("Planted.java"),
        "package io.privflow.ingest;\n\nimport io.privflow.cli.Privflow;\n\nclass Planted {}\n");
    Path regions = Files.createDirectories(dir.resolve("io/privflow/regions"));
    Files.writeString(regions.resolve("Fine.java"),
        "package io.privflow.regions;\n\nimport io.privflow.ingest.Planted;\n\nclass Fine {\n"
            + "  Object o = io.privflow.publish.Manifest.FILE; // qualified, upward\n}\n");
    Path unknown = Files.createDirectories(dir.resolve("io/privflow/misc"));
    Files.writeString(unknown.resolve("Stray.java"), "package io.privflow.misc;\n\nclass Stray {}\n");
    List<String> v = violations(dir);
    assertEquals(3, v.size(), v.toString());
    assertTrue(v.get(0).endsWith("ingest -> cli"), v.toString());
    assertTrue(v.get(1).contains("misc is in no layer"), v.toString());
    assertTrue(v.get(2).endsWith("regions -> publish"), v.toString());
  }
}
