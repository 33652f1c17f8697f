package io.privflow.cli;

import picocli.CommandLine;

/** The version recorded in every release (from the jar manifest, or "dev" from the IDE). */
public final class Version implements CommandLine.IVersionProvider {
  public static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"privflow " + current()};
  }
}
