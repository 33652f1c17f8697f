package io.privflow.cli;

import io.privflow.files.KeyFiles;
import io.privflow.privacy.SecureRandoms;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code privflow keygen --out FILE}: a new random key (for pseudonymisation, or the ledger's MAC),
 * readable by its owner only. The policy names where privflow finds each key.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = "Write a new 32-byte key in privflow's key format (owner-only permissions); never overwrites.")
public final class KeygenCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "Key file to create.")
  Path out;

  @Override
  public Integer call() throws Exception {
    KeyFiles.create(out, SecureRandoms.create());
    System.out.println("privflow: wrote a new key to " + out
        + " (keep it secret; name it in the custodian policy; pseudonyms cannot be linked across keys)");
    return 0;
  }
}
