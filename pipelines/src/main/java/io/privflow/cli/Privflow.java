package io.privflow.cli;

import io.privflow.consent.AuditCommand;
import io.privflow.consent.ConsentExportCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code privflow <command>}. */
@Command(
    name = "privflow",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Differentially private location aggregates from network and GPS events.",
    subcommands = {ReleaseCommand.class, PlanCommand.class, LedgerCommand.class, GenerateCommand.class,
        KeygenCommand.class, ConsentExportCommand.class, AuditCommand.class, io.privflow.bench.BenchCommand.class})
public final class Privflow implements Runnable {

  public static void main(String[] args) {
    int code = run(args);
    if (Boolean.getBoolean("privflow.reportPeakHeap")) {
      // For `privflow bench`: the sum of the heap pools' peaks, an upper bound of the peak heap.
      long peak = 0;
      for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.println("privflow: peak heap " + (peak >> 20) + " MiB");
    }
    System.exit(code);
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Privflow());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setCaseInsensitiveEnumValuesAllowed(true); // --runner flink / FLINK
    try {
      return cl.execute(args);
    } catch (Throwable t) {
      // An Error (a class missing from a broken installation, say) bypasses picocli's handler.
      System.err.println("privflow: " + UserErrors.describe(t));
      if ("1".equals(System.getenv("PRIVFLOW_DEBUG"))) {
        t.printStackTrace();
      }
      return 70;
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
