package io.privflow.cli;

import io.privflow.privacy.SecureRandoms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code privflow keygen --out FILE}: a new random pseudonymisation key, readable by its owner only. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = "Write a new 32-byte pseudonymisation key (owner-only permissions); never overwrites.")
public final class KeygenCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "Key file to create.")
  Path out;

  @Override
  public Integer call() throws Exception {
    byte[] key = new byte[32];
    SecureRandoms.create().nextBytes(key);
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    if (Files.exists(out)) {
      System.err.println("privflow: " + out + " exists already; a key is never overwritten");
      return 1;
    }
    Files.write(out, key, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system; the operator must protect the file
    }
    System.out.println("privflow: wrote a new pseudonymisation key to " + out
        + " (keep it secret; pseudonyms cannot be linked across keys)");
    return 0;
  }
}
