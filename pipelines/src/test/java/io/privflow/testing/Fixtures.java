package io.privflow.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Paths of the test fixtures and of the project's sample data; request files written on the fly. */
public final class Fixtures {
  private Fixtures() {}

  public static Path tiny(String name) {
    try {
      return Path.of(Objects.requireNonNull(Fixtures.class.getResource("/tiny/" + name)).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The repository root (surefire sets privflow.projectRoot; else the module's parent). */
  public static Path projectRoot() {
    String p = System.getProperty("privflow.projectRoot");
    if (p != null && Files.isDirectory(Path.of(p, "pipelines"))) {
      return Path.of(p);
    }
    Path cwd = Path.of("").toAbsolutePath();
    return Files.isDirectory(cwd.resolve("pipelines")) ? cwd : cwd.getParent();
  }

  /** shared/realdata beside the checkout, or null when it is absent (tests then skip). */
  public static Path realData() {
    Path p = projectRoot().toAbsolutePath().getParent().resolve("shared/realdata");
    return Files.isDirectory(p) ? p : null;
  }

  /** A fresh 32-byte key (fixed bytes: tests need stable pseudonyms, not secrecy). */
  public static Path key(Path dir) throws IOException {
    Path k = dir.resolve("test.key");
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 7 + 3);
    }
    Files.write(k, b);
    return k;
  }

  /** Writes a request YAML into {@code dir}; {@code body} may use the key and output placeholders. */
  public static Path request(Path dir, String body) throws IOException {
    Path key = key(dir);
    String text = body.replace("${KEY}", key.toString()).replace("${OUT}", dir.resolve("release").toString());
    Path f = dir.resolve("request.yaml");
    Files.writeString(f, text);
    return f;
  }

  /**
   * A custodian policy in {@code dir} with its ledger there too; budget per month for dataset tiny.
   * The tiny fixture is mostly bad rows on purpose, so its reject-rate limit is 100%.
   */
  public static io.privflow.policy.Policy policy(Path dir, String accounting, String budget) throws IOException {
    return policy(dir, accounting, budget, "1");
  }

  public static io.privflow.policy.Policy policy(Path dir, String accounting, String budget, String maxRejectRate)
      throws IOException {
    Path f = dir.resolve("policy.yaml");
    Files.writeString(f, """
        state_directory: state
        datasets:
          tiny:
            budget_period: month
            accounting: %s
            budget: %s
            rules: {max_reject_rate: %s}
        """.formatted(accounting, budget, maxRejectRate));
    return io.privflow.policy.PolicyParser.parse(f);
  }

  public static io.privflow.policy.Policy policy(Path dir) throws IOException {
    return policy(dir, "pure_dp", "10");
  }
}
