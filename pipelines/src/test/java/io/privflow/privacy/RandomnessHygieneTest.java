package io.privflow.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deterministic source scan: the release jar's code (pipelines/src/main) may use no
 * non-cryptographic generator at all. Noise, sampling and keys come from {@link SecureRandoms}; a
 * {@code java.util.Random}, a commons-math or commons-rng generator anywhere there is a finding
 * (Mironov 2012; predictable noise is no noise). The seeded generator of the synthetic data lives
 * in the tools module, outside the release jar.
 */
class RandomnessHygieneTest {
  /**
   * The forbidden generators. {@code \b} keeps {@code java.util.RandomAccess} and {@code
   * new SecureRandom(} out; the last two catch the Java 17 {@code java.util.random} package and
   * {@code Collections.shuffle(list)}, which draws from a hidden {@code java.util.Random}.
   */
  static final Pattern FORBIDDEN = Pattern.compile(
      "\\bjava\\.util\\.Random\\b"
          + "|\\bnew\\s+Random\\s*\\("
          + "|\\bMath\\.random\\s*\\("
          + "|\\bThreadLocalRandom\\b"
          + "|\\bSplittableRandom\\b"
          + "|\\bjava\\.util\\.random\\."
          + "|\\bRandomGenerator(?:Factory)?\\b"
          + "|\\bCollections\\.shuffle\\(\\s*[\\w.]+\\s*\\)"
          // commons-math3 and commons-rng: seeded generators made for simulation, not for secrets
          + "|\\bcommons\\.math3\\.random\\b|\\bcommons\\.rng\\b"
          + "|\\bWell\\d+[a-z]?\\b|\\bMersenneTwister\\b|\\bISAACRandom\\b|\\bJDKRandomGenerator\\b"
          + "|\\bRandomDataGenerator\\b|\\bRandomSource\\b");

  /** Packages that handle per-device data or noise: each must exist and be scanned. */
  static final List<String> SENSITIVE = List.of("privacy", "bounding", "pseudonymize", "locate");

  static boolean offends(String line) {
    return FORBIDDEN.matcher(line).find();
  }

  /** The directory holding {@code pipelines/src/main/java}. */
  static Path projectRoot() {
    List<Path> candidates = new ArrayList<>();
    String prop = System.getProperty("privflow.projectRoot");
    if (prop != null && !prop.isBlank() && !prop.contains("${")) {
      candidates.add(Paths.get(prop));
    }
    // Surefire's working directory is the module directory, pipelines/.
    candidates.add(Paths.get("").toAbsolutePath());
    for (Path c : candidates) {
      for (Path p = c.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
        if (Files.isDirectory(p.resolve("pipelines/src/main/java/io/privflow"))) {
          return p;
        }
      }
    }
    throw new AssertionError("cannot find pipelines/src/main/java from " + candidates);
  }

  /** Every .java file of the release jar: pipelines/src/main (build output excluded). */
  static List<Path> mainSources(Path root) throws IOException {
    return sources(root.resolve("pipelines"));
  }

  /** Every .java file under a directory's src/main (build output and VCS excluded). */
  static List<Path> sources(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> {
            String rel = root.relativize(p).toString().replace('\\', '/');
            return (rel.startsWith("src/main/") || rel.contains("/src/main/"))
                && !rel.contains("/target/") && !rel.startsWith("target/") && !rel.contains(".git/");
          })
          .sorted()
          .toList();
    }
  }

  static List<String> findings(Path root, List<Path> files) {
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      List<String> lines;
      try {
        lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (int i = 0; i < lines.size(); i++) {
        if (offends(lines.get(i))) {
          out.add(root.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }
    return out;
  }

  @Test
  void noInsecureRandomnessInMainCode() throws IOException {
    Path root = projectRoot();
    List<Path> files = mainSources(root);
    List<String> bad = findings(root, files);
    assertTrue(bad.isEmpty(), "non-cryptographic randomness in main code (use SecureRandoms.create()):\n  "
        + String.join("\n  ", bad));
  }

  /**
   * The synthetic-data generator needs a seeded generator (the same seed gives the same files); it
   * lives in the tools module, and this scan does flag it there, so it could not hide in the
   * release jar.
   */
  @Test
  void theGeneratorsSeededRandomnessIsFlaggedAndLivesOutsideTheReleaseJar() throws IOException {
    Path root = projectRoot();
    List<String> tools = findings(root, sources(root.resolve("tools")));
    assertTrue(tools.stream().anyMatch(f -> f.contains("Well19937c")), "the detector misses the generator: " + tools);
    assertTrue(tools.stream().allMatch(f -> f.startsWith("tools/")), tools.toString());
  }

  @Test
  void scanIsNotVacuous() throws IOException {
    Path root = projectRoot();
    List<Path> files = mainSources(root);
    assertTrue(files.size() >= 50, "only " + files.size() + " main sources found under " + root);
    Map<String, Integer> perPackage = new TreeMap<>();
    for (Path f : files) {
      String rel = root.relativize(f).toString().replace('\\', '/');
      for (String pkg : SENSITIVE) {
        if (rel.contains("/io/privflow/" + pkg + "/")) {
          perPackage.merge(pkg, 1, Integer::sum);
        }
      }
    }
    for (String pkg : SENSITIVE) {
      assertNotNull(perPackage.get(pkg), "package io.privflow." + pkg + " not scanned: " + perPackage);
    }
    // The scan reads real files: the sampler itself must be among them and mention SecureRandom.
    Path sampler = root.resolve("pipelines/src/main/java/io/privflow/privacy/ExactSampler.java");
    assertTrue(files.contains(sampler), "ExactSampler.java not scanned");
    assertTrue(Files.readString(sampler).contains("SecureRandom"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "import java.util.Random;",
    "  private final java.util.Random r = null;",
    "Random r = new Random(42);",
    "Random r = new Random ();",
    "double u = Math.random();",
    "int i = ThreadLocalRandom.current().nextInt(5);",
    "import java.util.concurrent.ThreadLocalRandom;",
    "var g = new SplittableRandom(7);",
    "import java.util.random.RandomGenerator;",
    "var g = RandomGenerator.of(\"L64X128MixRandom\");",
    "var g = RandomGenerator.getDefault();",
    "Collections.shuffle(cells);",
    "// seeded with java.util.Random for now",
    "import org.apache.commons.math3.random.Well19937c;",
    "RandomGenerator g = new Well19937c(seed);",
    "var t = new MersenneTwister(1);",
    "import org.apache.commons.rng.simple.RandomSource;",
    "new JDKRandomGenerator()",
  })
  void detectorFlagsSyntheticOffenders(String line) {
    assertTrue(offends(line), "the detector missed: " + line);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "import java.security.SecureRandom;",
    "SecureRandom r = new SecureRandom();",
    "private transient SecureRandom random;",
    "return SecureRandom.getInstance(\"DRBG\");",
    "SecureRandom r = SecureRandoms.create();",
    "import java.util.RandomAccess;",
    "if (list instanceof java.util.RandomAccess) {}",
    ".apply(Reshuffle.viaRandomKey())",
    "UUID.randomUUID()",
    "long x = random.nextLong(bound);",
    "Collections.shuffle(cells, secureRandom);",
    "mathRandomness()",
  })
  void detectorIgnoresSecureUses(String line) {
    assertFalse(offends(line), "false positive on: " + line);
  }

  @Test
  void findingsReportFileAndLine(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
    Path f = tmp.resolve("src/main/java/io/privflow/privacy/Bad.java");
    Files.createDirectories(f.getParent());
    Files.writeString(f, "package io.privflow.privacy;\n\nimport java.security.SecureRandom;\n"
        + "class Bad {\n  long n = new java.util.Random().nextLong();\n}\n");
    List<Path> files = sources(tmp);
    assertEquals(List.of(f), files);
    List<String> bad = findings(tmp, files);
    assertEquals(1, bad.size(), bad.toString());
    assertTrue(bad.get(0).startsWith("src/main/java/io/privflow/privacy/Bad.java:5: "), bad.get(0));
  }
}
