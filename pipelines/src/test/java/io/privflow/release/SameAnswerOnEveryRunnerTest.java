package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.privflow.engine.RunnerChoice;
import io.privflow.rejects.Source;
import io.privflow.request.ReleaseRequest;
import io.privflow.request.RequestParser;
import io.privflow.testing.Fixtures;
import io.privflow.testing.RequestYaml;
import io.privflow.testing.ZeroNoise;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One release (OD and presence, with the test-only zero-noise mechanism) on the DirectRunner, the
 * embedded Flink runner and local Spark: the true aggregates and every rejection count agree.
 */
class SameAnswerOnEveryRunnerTest {
  @TempDir Path dir;

  private record Answer(String od, String presence, Map<String, Long> counts) {}

  private Answer run(RunnerChoice runner) throws Exception {
    Path sub = Files.createDirectories(dir.resolve(runner.name()));
    RequestYaml yaml = RequestYaml.tiny().requestId("tiny-" + runner.name()).minCount(0)
        .odShare("0.5").presence(4, "0.5");
    ReleaseRequest r = RequestParser.parse(yaml.write(sub));
    ReleaseRun run = new ReleaseRun(new PrintStream(new ByteArrayOutputStream(), true), Fixtures.policy(sub));
    ReleaseRun.Outcome o = run.execute(run.plan(r, ZeroNoise.factory()), runner.options(2, null));
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Source s : Source.values()) {
      counts.put("read." + s.label(), o.counters().read(s));
      counts.put("accepted." + s.label(), o.counters().accepted(s));
      counts.put("filtered." + s.label(), o.counters().filtered(s));
      counts.put("outside_regions." + s.label(), o.counters().outsideRegions(s));
      o.counters().rejected(s).forEach((reason, n) -> counts.put("rejected." + s.label() + "." + reason, n));
    }
    return new Answer(Files.readString(r.outputDirectory().resolve("od_counts.csv")),
        Files.readString(r.outputDirectory().resolve("presence_counts.csv")), counts);
  }

  @Test
  void directFlinkAndSparkAgree() throws Exception {
    Answer direct = run(RunnerChoice.DIRECT);
    Answer flink = run(RunnerChoice.FLINK);
    Answer spark = run(RunnerChoice.SPARK);
    assertEquals(28, direct.od().lines().count(), "27 domain cells released at k = 0 with zero noise, plus the header");
    assertEquals(direct, flink);
    assertEquals(direct, spark);
  }
}
