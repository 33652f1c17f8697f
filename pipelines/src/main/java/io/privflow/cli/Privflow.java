package io.privflow.cli;

import io.privflow.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** Entry point: {@code privflow <command>}. */
@Command(
    name = "privflow",
    mixinStandardHelpOptions = true,
    versionProvider = Privflow.VersionProvider.class,
    description = "Differentially private location aggregates from network and GPS events.",
    subcommands = {ReleaseCommand.class, PlanCommand.class, LedgerCommand.class, KeygenCommand.class,
        ConsentExportCommand.class, AuditCommand.class})
public final class Privflow implements Runnable {

  public static void main(String[] args) {
    int code = run(new Privflow(), args);
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
    return run(new Privflow(), args);
  }

  /** Runs a command line of {@code root}'s commands with privflow's error handling. */
  public static int run(Object root, String... args) {
    CommandLine cl = new CommandLine(root);
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

  /** {@code --version}. */
  public static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"privflow " + Version.current()};
    }
  }
}
