package io.privflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.privflow.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html in headless Chromium (Debian package {@code chromium}; .ci/run installs it): the page
 * renders with no console error, its inline script ran (the marker it sets is in the DOM), and a
 * screenshot is left at pipelines/target/report-screenshot.png for people to look at. Network
 * features are switched off; the page's Content-Security-Policy forbids fetching anything anyway.
 */
class ReportBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  @TempDir Path profile;

  private record Result(int code, String out, String err) {}

  private Result chromium(List<String> extra, Path page) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(profile, "chromium"),
        "--enable-logging=stderr", "--v=0"));
    cmd.addAll(extra);
    cmd.add(page.toUri().toString());
    Path out = Files.createTempFile(profile, "out", ".txt");
    Path err = Files.createTempFile(profile, "err", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static void noConsoleErrors(Result r) {
    for (String line : r.err().lines().toList()) {
      assertTrue(!line.contains("Uncaught") && !line.contains("ERROR:CONSOLE")
          && !line.contains("Content Security Policy") && !line.contains("Refused to"), "browser error: " + line);
    }
  }

  @Test
  void reportRendersWithoutErrorsAndIsScreenshotted() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "SKIPPED: headless browser test needs /usr/bin/chromium"
        + " (Debian package chromium: apt-get install -y chromium); .ci/run installs it");
    Path html = ReleasedReport.get().second.outputDirectory().resolve("report.html");

    Result dom = chromium(List.of("--dump-dom"), html);
    assertEquals(0, dom.code(), dom.err());
    assertTrue(dom.out().contains("data-rendered=\"ok\""), "the page's inline script ran: " + dom.out());
    assertTrue(dom.out().contains("<svg"), "charts are inline SVG");
    noConsoleErrors(dom);

    Path png = Fixtures.projectRoot().resolve("pipelines/target/report-screenshot.png");
    Files.deleteIfExists(png);
    Result shot = chromium(List.of("--screenshot=" + png, "--window-size=1280,2000", "--hide-scrollbars"), html);
    assertEquals(0, shot.code(), shot.err());
    noConsoleErrors(shot);
    assertTrue(Files.size(png) > 10_000, "a screenshot was written to " + png);
  }
}
