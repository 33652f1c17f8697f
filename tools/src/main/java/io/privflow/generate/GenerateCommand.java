package io.privflow.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code privflow-tools generate}: deterministic synthetic input data (regions, cells, network and GPS
 * events) for trying the pipeline without real data. The same options give byte-identical files.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generate deterministic synthetic sample data (regions, cells, network and GPS events).")
public final class GenerateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--devices", defaultValue = "200", description = "Number of devices (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(names = "--days", defaultValue = "7", description = "Number of days (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--start", defaultValue = "2020-03-02", description = "First day, ISO date (default: ${DEFAULT-VALUE}).")
  LocalDate start;

  @Option(names = "--gps-share", defaultValue = "0.3",
      description = "Fraction of devices that also have GPS fixes (default: ${DEFAULT-VALUE}).")
  double gpsShare;

  @Option(names = "--out", required = true, description = "Output directory (created if needed).")
  Path out;

  @Override
  public Integer call() throws Exception {
    GenerateOptions options;
    try {
      options = new GenerateOptions(devices, days, seed, start, gpsShare);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    GenerateSummary s = SampleDataGenerator.generate(options, out, out.toString());
    System.out.printf("privflow: wrote synthetic data to %s: %d regions, %,d cell rows, %,d network events "
            + "of %,d devices, %,d GPS fixes of %,d devices%n",
        out, s.regions(), s.cellRows(), s.networkRows(), s.devices(), s.gpsRows(), s.gpsDevices());
    return 0;
  }
}
