package io.privflow.rejects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.privflow.testing.Fixtures;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Operators grep and alert on reason codes: the README lists exactly the codes privflow produces. */
class ReasonCodesTest {
  @Test
  void theReadmeListsExactlyTheReasonCodes() throws Exception {
    String readme = Files.readString(Fixtures.projectRoot().resolve("README.md"));
    int at = readme.indexOf("Reason codes (");
    assertTrue(at > 0, "the output reference has a 'Reason codes (' paragraph");
    String paragraph = readme.substring(at, readme.indexOf("\n\n", at));
    List<String> listed = new ArrayList<>();
    Matcher m = Pattern.compile("^- `([A-Z_]+)`", Pattern.MULTILINE).matcher(paragraph);
    while (m.find()) {
      listed.add(m.group(1));
    }
    assertEquals(Arrays.stream(Reason.values()).map(Reason::name).toList(), listed);
  }
}
