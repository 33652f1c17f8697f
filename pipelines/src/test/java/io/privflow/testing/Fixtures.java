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
    java.net.URL url = Objects.requireNonNull(Fixtures.class.getResource("/tiny/" + name));
    if (url.getProtocol().equals("jar")) {
      // Another module's tests read this class from the test jar: the fixture's source file then.
      return projectRoot().resolve("pipelines/src/test/resources/tiny").resolve(name);
    }
    try {
      return Path.of(url.toURI());
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

  /**
   * A 32-byte key in privflow's key format, owner-only (fixed bytes: tests need stable pseudonyms,
   * not secrecy). Written by hand here, so the tests also pin the format privflow reads.
   */
  public static Path key(Path dir) throws IOException {
    Path k = dir.resolve("test.key");
    if (Files.exists(k)) {
      return k;
    }
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 7 + 3);
    }
    try {
      java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
      d.update("privflow-key v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      d.update(b);
      String check = java.util.HexFormat.of().formatHex(d.digest()).substring(0, 16);
      Files.writeString(k, "privflow-key v1\n" + java.util.Base64.getEncoder().encodeToString(b) + "\ncheck " + check
          + "\n");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Files.setPosixFilePermissions(k, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
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
    return policy(dir, accounting, budget, maxRejectRate, java.util.List.of());
  }

  public static io.privflow.policy.Policy policy(Path dir) throws IOException {
    return policy(dir, "pure_dp", "10");
  }

  /** A zCDP policy for dataset tiny: {@code rho} and {@code delta} per month (a partition selection spends delta). */
  public static io.privflow.policy.Policy zcdpPolicy(Path dir, String rho, String delta) throws IOException {
    return policy(dir, "zcdp", rho + "\n    delta_budget: " + delta, "1", java.util.List.of());
  }

  /** {@link #policy(Path)} that also lists the purposes a consent export may serve. */
  public static io.privflow.policy.Policy policy(Path dir, java.util.List<String> consentPurposes)
      throws IOException {
    return policy(dir, "pure_dp", "10", "1", consentPurposes);
  }

  private static io.privflow.policy.Policy policy(Path dir, String accounting, String budget, String maxRejectRate,
      java.util.List<String> consentPurposes) throws IOException {
    key(dir);
    Path f = dir.resolve("policy.yaml");
    Files.writeString(f, """
        state_directory: state
        pseudonymization_key_file: test.key
        datasets:
          tiny:
            budget_period: month
            accounting: %s
            budget: %s
            rules: {max_reject_rate: %s}
        """.formatted(accounting, budget, maxRejectRate)
        + (consentPurposes.isEmpty() ? "" : "consent_purposes: [" + String.join(", ", consentPurposes) + "]\n"));
    return io.privflow.policy.PolicyParser.parse(f);
  }
}
