package io.privflow.testing;

import io.privflow.cli.Privflow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A privflow command run in this JVM with its standard output captured (standard error is left alone). */
public record CliRun(int code, String out) {
  public static CliRun of(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Privflow.run(args);
    } finally {
      System.setOut(saved);
    }
    return new CliRun(code, out.toString(StandardCharsets.UTF_8));
  }
}
