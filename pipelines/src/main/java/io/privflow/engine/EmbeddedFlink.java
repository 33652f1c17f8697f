package io.privflow.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.flink.api.java.ExecutionEnvironment;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.runtime.util.EnvironmentInformation;

/**
 * The embedded Flink cluster of a {@code [local]} run, started on a thread of its own as soon as
 * the command has planned, while it opens the ledger and builds the pipeline, instead of after Beam
 * has translated it. Started this way, the cluster's start (its RPC system, dispatcher, resource
 * manager and task manager: most of a second, see docs/benchmarks.md, issue 13, third pass)
 * overlaps work the job waits for anyway. The cluster is the one Beam's {@code [local]} master
 * would start for the same job: the same Flink configuration (the global one, managed memory as
 * the same fraction of the free heap, the class-loader leak check off) and one slot per worker
 * thread. It runs no job before the pipeline's and holds no data.
 *
 * <p>Beam reaches it through Flink's context environment (Beam's {@code [auto]} master asks
 * {@link ExecutionEnvironment#getExecutionEnvironment()}), installed for this JVM while the
 * session is open. One session is open at a time: a second one, started while the first is open
 * (tests only; a command runs one job per JVM), gets no cluster of its own and its job, like any
 * job that asks for another cluster shape than the one started, runs on a cluster Flink starts
 * for it, as with {@code [local]}.
 */
public final class EmbeddedFlink implements AutoCloseable {
  private static final AtomicBoolean OPEN = new AtomicBoolean();

  /** The cluster's configuration, shape and start, all worked out on the starting thread. */
  private final CompletableFuture<EarlyCluster> cluster = new CompletableFuture<>();
  private volatile boolean jobTookIt;

  private EmbeddedFlink() {}

  /**
   * Starts the embedded cluster for a job of {@code parallelism} worker threads, or returns null
   * when another session is open (the caller's job then gets a cluster of its own from Flink).
   * Returns at once: even the configuration is worked out on the starting thread.
   */
  public static EmbeddedFlink start(int parallelism) {
    if (!OPEN.compareAndSet(false, true)) {
      return null;
    }
    EmbeddedFlink f = new EmbeddedFlink();
    ContextEnvironment.install(
        () -> new ExecutionEnvironment(new ExecutorLoader(f), new Configuration(f.awaitCluster().flink), null));
    Thread t = new Thread(() -> f.begin(parallelism), "privflow-flink-start");
    t.setDaemon(true);
    t.start();
    return f;
  }

  private void begin(int parallelism) {
    EarlyCluster c;
    try {
      Configuration flink = GlobalConfiguration.loadConfiguration();
      // As Beam's [local] master sets them (FlinkExecutionEnvironments), so the cluster is the same.
      if (!flink.containsKey(TaskManagerOptions.MANAGED_MEMORY_SIZE.key())) {
        float fraction = flink.get(TaskManagerOptions.MANAGED_MEMORY_FRACTION);
        flink.setString(TaskManagerOptions.MANAGED_MEMORY_SIZE.key(),
            String.valueOf((long) (EnvironmentInformation.getSizeOfFreeHeapMemoryWithDefrag() * fraction)));
      }
      if (!flink.contains(CoreOptions.CHECK_LEAKED_CLASSLOADER)) {
        flink.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
      }
      flink.set(DeploymentOptions.TARGET, LocalExecutor.NAME);
      flink.set(DeploymentOptions.ATTACHED, true);
      c = new EarlyCluster(flink, shape(flink, parallelism));
    } catch (Throwable e) {
      cluster.completeExceptionally(e);
      return;
    }
    cluster.complete(c);
    c.startHere();
  }

  private EarlyCluster awaitCluster() {
    try {
      return cluster.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the embedded Flink cluster was being configured", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the embedded Flink cluster could not be configured: " + e.getCause(),
          e.getCause());
    }
  }

  /** The Flink master that reaches this cluster: Beam's context-environment master. */
  public static String master() {
    return "[auto]";
  }

  /** The mini-cluster's shape, worked out as Flink's per-job factory does for a job of this parallelism. */
  private static MiniClusterConfiguration shape(Configuration flink, int parallelism) {
    Configuration c = new Configuration(flink);
    if (!c.contains(RestOptions.BIND_PORT)) {
      c.set(RestOptions.BIND_PORT, "0");
    }
    int taskManagers = c.get(TaskManagerOptions.MINI_CLUSTER_NUM_TASK_MANAGERS);
    int slots = c.getOptional(TaskManagerOptions.NUM_TASK_SLOTS)
        .orElse((parallelism + taskManagers - 1) / taskManagers);
    return new MiniClusterConfiguration.Builder().setConfiguration(c).setNumTaskManagers(taskManagers)
        .setRpcServiceSharing(RpcServiceSharing.SHARED).setNumSlotsPerTaskManager(slots).build();
  }

  /** The early cluster for a job that fits its shape; otherwise it is closed and the job gets its own. */
  private MiniCluster clusterFor(MiniClusterConfiguration wanted) {
    EarlyCluster c = awaitCluster();
    if (slots(wanted) == slots(c.shape) && wanted.getNumTaskManagers() == c.shape.getNumTaskManagers()
        && c.claim()) {
      jobTookIt = true;
      return c;
    }
    if (c.claim()) {
      c.closeOnceStarted();
    }
    return new MiniCluster(wanted);
  }

  /** Whether a job ran on the cluster started early (tests check that the release's job does). */
  public boolean jobTookIt() {
    return jobTookIt;
  }

  private static int slots(MiniClusterConfiguration c) {
    return c.getConfiguration().get(TaskManagerOptions.NUM_TASK_SLOTS);
  }

  /**
   * Uninstalls the context environment and closes the cluster if no job took it (a job's cluster
   * shuts down when its job ends, as with {@code [local]}). Waits for a start still under way.
   */
  @Override
  public void close() throws Exception {
    try {
      ContextEnvironment.reset();
      EarlyCluster c = cluster.handle((x, e) -> x).get(); // one that could not be configured has nothing to close
      if (c != null && c.claim() && c.startedWell()) {
        c.closeAsync().get(30, TimeUnit.SECONDS);
      }
    } finally {
      OPEN.set(false);
    }
  }

  /** A mini-cluster whose {@link #start()} waits for the start begun earlier on another thread. */
  private static final class EarlyCluster extends MiniCluster {
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final Configuration flink;
    private final MiniClusterConfiguration shape;

    EarlyCluster(Configuration flink, MiniClusterConfiguration shape) {
      super(shape);
      this.flink = flink;
      this.shape = shape;
    }

    /** Starts the cluster on the calling thread; {@link #start()} then waits for this. */
    void startHere() {
      try {
        super.start();
        started.complete(null);
      } catch (Throwable e) {
        started.completeExceptionally(e);
      }
    }

    /** True for the one caller (the job, or the session's close) that gets to use or close it. */
    boolean claim() {
      return claimed.compareAndSet(false, true);
    }

    /** Closes the cluster in the background once its start has ended (a cluster half started cannot close). */
    void closeOnceStarted() {
      started.whenComplete((v, e) -> closeAsync());
    }

    /** Waits for the start; false if it failed (Flink closes a cluster whose start failed). */
    boolean startedWell() throws InterruptedException {
      try {
        started.get();
        return true;
      } catch (ExecutionException e) {
        return false;
      }
    }

    /** The job's call: waits for the start begun on the starting thread, and fails as it did. */
    @Override
    public void start() throws Exception {
      try {
        started.get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception x ? x : e;
      }
    }
  }

  /** Hands Flink the local executor with this session's cluster instead of a new one. */
  private record ExecutorLoader(EmbeddedFlink session) implements PipelineExecutorServiceLoader {
    @Override
    public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
      return new PipelineExecutorFactory() {
        @Override
        public String getName() {
          return LocalExecutor.NAME;
        }

        @Override
        public boolean isCompatibleWith(Configuration c) {
          return true;
        }

        @Override
        public PipelineExecutor getExecutor(Configuration c) {
          return LocalExecutor.createWithFactory(c, session::clusterFor);
        }
      };
    }

    @Override
    public Stream<String> getExecutorNames() {
      return Stream.of(LocalExecutor.NAME);
    }
  }

  /** Flink's context environment is set through protected static methods of its own class. */
  private static final class ContextEnvironment extends ExecutionEnvironment {
    static void install(org.apache.flink.api.java.ExecutionEnvironmentFactory factory) {
      initializeContextEnvironment(factory);
    }

    static void reset() {
      resetContextEnvironment();
    }
  }
}
