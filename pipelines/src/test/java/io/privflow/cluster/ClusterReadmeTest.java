package io.privflow.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.testing.Fixtures;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Running on a cluster" section carries the commands and settings the cluster
 * tests run (the same constants, rendered with the README's ports), and its sizing table's derived
 * columns follow from its measured ones.
 */
class ClusterReadmeTest {
  private static String section() throws Exception {
    String readme = Files.readString(Fixtures.projectRoot().resolve("README.md"));
    int start = readme.indexOf("## Running on a cluster");
    int end = readme.indexOf("\n## ", start + 1);
    assertTrue(start >= 0 && end > start, "README has a section 'Running on a cluster'");
    return readme.substring(start, end);
  }

  @Test
  void theCommandsAndSettingsAreTheOnesTheTestsRun() throws Exception {
    String s = section();
    for (String command : List.of(FlinkSessionCluster.CONFIG.formatted(6123, 8081, 6124).strip(),
        FlinkSessionCluster.JOB_MANAGER, FlinkSessionCluster.TASK_MANAGER.strip(), FlinkSessionCluster.SUBMIT,
        SparkStandaloneCluster.SPARK_HOME, SparkStandaloneCluster.MASTER, SparkStandaloneCluster.WORKER,
        SparkStandaloneCluster.SUBMIT)) {
      assertTrue(s.contains(command), "the README shows:\n" + command);
    }
    // every variable the tests set for those commands is exported in the README
    for (String variable : List.of("PRIVFLOW_JAR", "FLINK_CONF_DIR", "FLINK_REST_PORT", "SPARK_HOME",
        "SPARK_SCALA_VERSION", "SPARK_LOCAL_IP", "SPARK_MASTER_PORT", "SPARK_MASTER_WEBUI_PORT",
        "SPARK_WORKER_WEBUI_PORT", "SPARK_WORKER_DIR", "JAVA_OPENS")) {
      assertTrue(Pattern.compile("export [^\\n]*(\\\\\\n[^\\n]*)*\\b" + variable + "=").matcher(s).find(), variable);
    }
    Matcher opens = Pattern.compile("export JAVA_OPENS=\"([^\"]*)\"").matcher(s);
    assertTrue(opens.find());
    assertEquals(Clusters.javaOpens(), opens.group(1).replace("\\\n", ""), "the flags of pipelines/pom.xml");
  }

  @Test
  void theSizingTableFollowsFromItsMeasurements() throws Exception {
    Matcher row = Pattern.compile("\\n\\| ([^|]+) \\| ([0-9,]+) \\| ([0-9.]+) \\| ([0-9.]+) \\| ([0-9,]+) \\|"
        + " ([0-9.]+) \\| ([0-9.]+) \\|").matcher(section());
    int rows = 0;
    while (row.find()) {
      rows++;
      long records = Long.parseLong(row.group(2).replace(",", ""));
      double pipeline = Double.parseDouble(row.group(3));
      long perCore = Long.parseLong(row.group(5).replace(",", ""));
      assertEquals(Math.round(records / pipeline / 2), perCore, row.group(1) + ": records/s per core");
      assertEquals(String.format("%.1f", 3e9 / (perCore * 16.0) / 3600), row.group(6), row.group(1) + ": 16 cores");
      assertEquals(String.format("%.1f", 3e9 / (perCore * 64.0) / 3600), row.group(7), row.group(1) + ": 64 cores");
    }
    assertEquals(6, rows, "two measured runs each of embedded Flink, the Flink cluster and the Spark cluster");
  }
}
