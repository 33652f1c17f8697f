package io.privflow.tools;

import io.privflow.accuracy.AccuracyCommand;
import io.privflow.bench.BenchCommand;
import io.privflow.bench.GridBench;
import io.privflow.cli.Privflow;
import io.privflow.generate.GenerateCommand;
import picocli.CommandLine.Command;

/**
 * Entry point of the tools that are not on the release path: {@code generate} (synthetic input
 * data), {@code bench} (a release measured against a plain-Java reference) and {@code accuracy}
 * (a request's accuracy measured against its true counts, custodian-only). They live in their own
 * module so that the release jar holds only the product.
 */
@Command(
    name = "privflow-tools",
    mixinStandardHelpOptions = true,
    versionProvider = Privflow.VersionProvider.class,
    description = "privflow's tools off the release path: synthetic data, benchmarks and accuracy measurements.",
    subcommands = {GenerateCommand.class, BenchCommand.class, GridBench.class, AccuracyCommand.class})
public final class PrivflowTools implements Runnable {

  public static void main(String[] args) {
    System.exit(Privflow.run(new PrivflowTools(), args));
  }

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }
}
